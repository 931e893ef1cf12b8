"""Browser tests of the built site (Debian Chromium through Playwright). A package, so that the
browser fixtures of package scope end with this folder: Playwright's sync API allows one instance
at a time, and tests elsewhere start their own."""
