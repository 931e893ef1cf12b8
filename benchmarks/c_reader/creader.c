/* Prototype (measurement only): a clean record read straight from libyaml events into dicts, lists
   and position tables, as yamlread._read_nodes builds them; NULL+flag (None) whenever the event
   reader must read the text. Scalars of a special first character go through yamlread._plain_scalar. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

#define MAX_DEPTH 40
static PyObject *plain_scalar, *invisible_search;

typedef struct {
    yaml_parser_t p;
    yaml_event_t e;
    int have;      /* e holds an event to delete */
    int unclean;   /* the event reader must read it */
    PyObject *values, *keys, *rewritten;
} R;

static int next(R *r) {
    if (r->have) { yaml_event_delete(&r->e); r->have = 0; }
    if (!yaml_parser_parse(&r->p, &r->e)) { r->unclean = 1; return 0; }
    r->have = 1;
    return 1;
}

static PyObject *position(yaml_mark_t m) { return Py_BuildValue("(nn)", (Py_ssize_t)m.line + 1, (Py_ssize_t)m.column + 1); }

static PyObject *extend(PyObject *path, PyObject *step) {
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    PyObject *t = PyTuple_New(n + 1);
    if (!t) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) { PyObject *x = PyTuple_GET_ITEM(path, i); Py_INCREF(x); PyTuple_SET_ITEM(t, i, x); }
    Py_INCREF(step); PyTuple_SET_ITEM(t, n, step);
    return t;
}

static const char SPECIAL[] = "~nNtTfFyYoO0123456789-+.";

/* _note_rewritten */
static int note(R *r, yaml_mark_t s, yaml_mark_t e, yaml_scalar_style_t style, PyObject *value, PyObject *pos) {
    int quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (s.line == e.line && quoted && (Py_ssize_t)(e.index - s.index) == PyUnicode_GET_LENGTH(value) + 2) return 0;
    long last = e.column ? (long)e.line + 1 : (long)e.line;
    long first = PyLong_AsLong(PyTuple_GET_ITEM(pos, 0));
    PyObject *item = Py_BuildValue("(OlO)", pos, last > first ? last : first, value);
    if (!item) return -1;
    int rc = PyList_Append(r->rewritten, item);
    Py_DECREF(item);
    return rc;
}

/* the value of the scalar event in r->e (position already recorded) */
static PyObject *scalar(R *r, PyObject *pos) {
    yaml_event_t *e = &r->e;
    if (e->data.scalar.tag) { r->unclean = 1; return NULL; }
    if (e->data.scalar.anchor) { r->unclean = 1; return NULL; }
    PyObject *value = PyUnicode_DecodeUTF8((const char *)e->data.scalar.value, e->data.scalar.length, "strict");
    if (!value) return NULL;
    yaml_scalar_style_t style = e->data.scalar.style;
    int plain = style == YAML_PLAIN_SCALAR_STYLE;
    if (!plain || e->start_mark.line != e->end_mark.line) {
        if (note(r, e->start_mark, e->end_mark, style, value, pos) < 0) { Py_DECREF(value); return NULL; }
    }
    if (!plain) {
        if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            PyObject *m = PyObject_CallOneArg(invisible_search, value);
            if (!m) { Py_DECREF(value); return NULL; }
            int found = m != Py_None; Py_DECREF(m);
            if (found) { Py_DECREF(value); r->unclean = 1; return NULL; }
        }
        return value;
    }
    if (e->data.scalar.length && !strchr(SPECIAL, e->data.scalar.value[0])) return value;
    PyObject *pair = PyObject_CallOneArg(plain_scalar, value);
    Py_DECREF(value);
    if (!pair) return NULL;
    if (PyTuple_GET_ITEM(pair, 1) != Py_None) { Py_DECREF(pair); r->unclean = 1; return NULL; }
    PyObject *result = PyTuple_GET_ITEM(pair, 0); Py_INCREF(result); Py_DECREF(pair);
    return result;
}

static PyObject *node(R *r, PyObject *path, int depth);

static PyObject *sequence(R *r, PyObject *path, int depth) {
    PyObject *items = PyList_New(0);
    if (!items) return NULL;
    for (Py_ssize_t i = 0;; i++) {
        if (!next(r)) goto fail;
        if (r->e.type == YAML_SEQUENCE_END_EVENT) return items;
        PyObject *index = PyLong_FromSsize_t(i);
        PyObject *child = index ? extend(path, index) : NULL;
        Py_XDECREF(index);
        if (!child) goto fail;
        PyObject *value = node(r, child, depth + 1);
        Py_DECREF(child);
        if (!value) goto fail;
        int rc = PyList_Append(items, value); Py_DECREF(value);
        if (rc < 0) goto fail;
    }
fail:
    Py_DECREF(items);
    return NULL;
}

static PyObject *mapping(R *r, PyObject *path, int depth) {
    PyObject *map = PyDict_New();
    if (!map) return NULL;
    for (;;) {
        if (!next(r)) goto fail;
        if (r->e.type == YAML_MAPPING_END_EVENT) return map;
        yaml_event_t *e = &r->e;
        if (e->type != YAML_SCALAR_EVENT || e->data.scalar.tag || e->data.scalar.anchor) { r->unclean = 1; goto fail; }
        PyObject *key = PyUnicode_DecodeUTF8((const char *)e->data.scalar.value, e->data.scalar.length, "strict");
        if (!key) goto fail;
        PyObject *kpos = position(e->start_mark);
        if (!kpos) { Py_DECREF(key); goto fail; }
        yaml_scalar_style_t style = e->data.scalar.style;
        if (style != YAML_PLAIN_SCALAR_STYLE || e->start_mark.line != e->end_mark.line) {
            if (note(r, e->start_mark, e->end_mark, style, key, kpos) < 0) { Py_DECREF(key); Py_DECREF(kpos); goto fail; }
        } else if (e->data.scalar.length == 2 && memcmp(e->data.scalar.value, "<<", 2) == 0) {
            r->unclean = 1;
        }
        int dup = r->unclean ? 1 : PyDict_Contains(map, key);
        if (dup) { if (dup > 0) r->unclean = 1; Py_DECREF(key); Py_DECREF(kpos); goto fail; }
        PyObject *child = extend(path, key);
        int rc = child ? PyDict_SetItem(r->keys, child, kpos) : -1;
        Py_DECREF(kpos);
        if (rc < 0) { Py_XDECREF(child); Py_DECREF(key); goto fail; }
        if (!next(r)) { Py_DECREF(child); Py_DECREF(key); goto fail; }
        PyObject *value = node(r, child, depth + 1);
        Py_DECREF(child);
        if (!value) { Py_DECREF(key); goto fail; }
        rc = PyDict_SetItem(map, key, value);
        Py_DECREF(key); Py_DECREF(value);
        if (rc < 0) goto fail;
    }
fail:
    Py_DECREF(map);
    return NULL;
}

/* the node whose first event is r->e */
static PyObject *node(R *r, PyObject *path, int depth) {
    yaml_event_t *e = &r->e;
    PyObject *pos = position(e->start_mark);
    if (!pos) return NULL;
    int rc = PyDict_SetItem(r->values, path, pos);
    if (rc < 0) { Py_DECREF(pos); return NULL; }
    PyObject *result = NULL;
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        result = scalar(r, pos);
        break;
    case YAML_SEQUENCE_START_EVENT:
        if (e->data.sequence_start.tag || e->data.sequence_start.anchor || depth > MAX_DEPTH) r->unclean = 1;
        else result = sequence(r, path, depth);
        break;
    case YAML_MAPPING_START_EVENT:
        if (e->data.mapping_start.tag || e->data.mapping_start.anchor || depth > MAX_DEPTH) r->unclean = 1;
        else result = mapping(r, path, depth);
        break;
    default: /* an alias */
        r->unclean = 1;
    }
    Py_DECREF(pos);
    return result;
}

static PyObject *read_record(PyObject *self, PyObject *arg) {
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &size);
    if (!text) return NULL;
    R r = {0};
    yaml_parser_initialize(&r.p);
    yaml_parser_set_input_string(&r.p, (const unsigned char *)text, size);
    yaml_parser_set_encoding(&r.p, YAML_UTF8_ENCODING);
    r.values = PyDict_New(); r.keys = PyDict_New(); r.rewritten = PyList_New(0);
    PyObject *data = NULL, *out = NULL;
    if (!r.values || !r.keys || !r.rewritten) goto done;
    if (!next(&r) || r.e.type != YAML_STREAM_START_EVENT || !next(&r)) goto done;
    if (r.e.type == YAML_STREAM_END_EVENT) { data = Py_None; Py_INCREF(data); }
    else {
        if (r.e.type != YAML_DOCUMENT_START_EVENT || !next(&r)) goto done;
        PyObject *root = PyTuple_New(0);
        data = node(&r, root, 1);
        Py_DECREF(root);
        if (!data) goto done;
        if (!next(&r) || r.e.type != YAML_DOCUMENT_END_EVENT || !next(&r) || r.e.type != YAML_STREAM_END_EVENT) goto done;
    }
    out = PyTuple_Pack(4, data, r.values, r.keys, r.rewritten);
done:
    if (r.have) yaml_event_delete(&r.e);
    yaml_parser_delete(&r.p);
    Py_XDECREF(data); Py_XDECREF(r.values); Py_XDECREF(r.keys); Py_XDECREF(r.rewritten);
    if (out) return out;
    if (PyErr_Occurred()) { if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return NULL; PyErr_Clear(); }
    Py_RETURN_NONE;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    if (!PyArg_ParseTuple(args, "OO", &plain_scalar, &invisible_search)) return NULL;
    Py_INCREF(plain_scalar); Py_INCREF(invisible_search);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"read", read_record, METH_O, "(data, values, keys, rewritten) of a clean record, or None"},
    {"setup", setup, METH_VARARGS, "setup(plain_scalar, invisible_search)"},
    {NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "creader", NULL, -1, methods};
PyMODINIT_FUNC PyInit_creader(void) { return PyModule_Create(&module); }
