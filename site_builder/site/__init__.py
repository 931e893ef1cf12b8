"""Stage 3, render and build the site: Jinja pages from the model, the site engine (ProperDocs +
Material), atomic publishing of the built folder, templates and assets.

May import: validation, the model (model, status, dates, labels, gitinfo); never exports or workflow.
"""
