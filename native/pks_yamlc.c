/* pks_yamlc: the node reader of site_builder/validation/yamlread.py, in C.

   A clean record is read straight from libyaml's events into the dicts and lists, the position
   tables (path -> (line, column)) and the privacy rewrites that yamlread._read_nodes builds from
   libyaml's node tree, in the same order. Whenever that reader would hand the text to the event
   reader (yamlread._read_events), this one returns None too: a syntax error, several documents, an
   anchor, alias or tag, a merge, duplicate or complex key, an ambiguous plain value, a hidden
   character in a double-quoted escape, nesting deeper than the limit, or anything it cannot decode.
   Plain values of a special first character go through yamlread._plain_scalar itself, so the typing
   policy lives in one place.

   It reads files from untrusted pull requests, so:
   - the nesting limit is checked before every descent: C recursion is at most max_depth + 1 deep;
   - every Python C-API call is checked; every path out of read() deletes the event and the parser;
   - a libyaml error never becomes an exception (the event reader reports and locates it), and a
     Python error is never swallowed, except an encoding or memory error, which the event reader
     meets again and reports.

   Built by native/setup.py, which defines PKS_SOURCE_SHA256 (the SHA-256 of this file); yamlread
   uses the module only while that equals the hash of native/pks_yamlc.c in the checkout. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>
#include <yaml.h>

#ifndef PKS_SOURCE_SHA256
#error "build with native/setup.py: it defines PKS_SOURCE_SHA256, the hash of this source"
#endif

/* Set once by configure(): yamlread._plain_scalar, yamlread.INVISIBLE.search, yamlread.MAX_DEPTH. */
static PyObject *plain_scalar = NULL;
static PyObject *invisible_search = NULL;
static long max_depth = -1;

/* Every first byte with which a plain value can be anything but text (yamlread._SPECIAL_START). */
static const char SPECIAL[] = "~nNtTfFyYoO0123456789-+.";

typedef struct {
    yaml_parser_t parser;
    yaml_event_t event;
    int have_event;     /* event holds an event to delete */
    int unclean;        /* the event reader must read the text */
    int positions;      /* values and keys are recorded */
    int some_keys;      /* a mapping had a key (positions off) */
    PyObject *values;   /* path -> position, or NULL without positions */
    PyObject *keys;     /* path -> position of the key, or NULL without positions */
    PyObject *rewritten;
} Reader;

/* The next event into r->event; 0 (unclean) when libyaml gives up. */
static int next_event(Reader *r) {
    if (r->have_event) {
        yaml_event_delete(&r->event);
        r->have_event = 0;
    }
    if (!yaml_parser_parse(&r->parser, &r->event)) {
        r->unclean = 1;
        return 0;
    }
    r->have_event = 1;
    return 1;
}

/* (line, column), both from 1 */
static PyObject *position(yaml_mark_t mark) {
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    if (!line) return NULL;
    PyObject *column = PyLong_FromSize_t(mark.column + 1);
    if (!column) {
        Py_DECREF(line);
        return NULL;
    }
    PyObject *pair = PyTuple_New(2);
    if (!pair) {
        Py_DECREF(line);
        Py_DECREF(column);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, line);
    PyTuple_SET_ITEM(pair, 1, column);
    return pair;
}

/* path + (step,) */
static PyObject *extend(PyObject *path, PyObject *step) {
    Py_ssize_t size = PyTuple_GET_SIZE(path);
    PyObject *longer = PyTuple_New(size + 1);
    if (!longer) return NULL;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(longer, i, item);
    }
    Py_INCREF(step);
    PyTuple_SET_ITEM(longer, size, step);
    return longer;
}

static PyObject *decode(const yaml_char_t *text, size_t length) {
    if (length > (size_t)PY_SSIZE_T_MAX) {
        PyErr_NoMemory();
        return NULL;
    }
    return PyUnicode_DecodeUTF8((const char *)text, (Py_ssize_t)length, "strict");
}

/* Append (position, last line, text) to r->rewritten. */
static int append_rewritten(Reader *r, PyObject *pos, size_t last_line, PyObject *text) {
    PyObject *last = PyLong_FromSize_t(last_line);
    if (!last) return -1;
    PyObject *item = PyTuple_New(3);
    if (!item) {
        Py_DECREF(last);
        return -1;
    }
    Py_INCREF(pos);
    PyTuple_SET_ITEM(item, 0, pos);
    PyTuple_SET_ITEM(item, 1, last);
    Py_INCREF(text);
    PyTuple_SET_ITEM(item, 2, text);
    int rc = PyList_Append(r->rewritten, item);
    Py_DECREF(item);
    return rc;
}

/* yamlread._note_rewritten: keep a quoted, block or multi-line scalar unless it is exactly the text
   between its quotes. pos is the scalar's position (line from 1). */
static int note_rewritten(Reader *r, const yaml_event_t *e, PyObject *value, PyObject *pos) {
    yaml_scalar_style_t style = e->data.scalar.style;
    yaml_mark_t start = e->start_mark, end = e->end_mark;
    int quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (start.line == end.line && quoted && end.index >= start.index &&
        end.index - start.index == (size_t)PyUnicode_GET_LENGTH(value) + 2)
        return 0;
    size_t last_line = end.column ? end.line + 1 : end.line; /* a block scalar ends at the next line's start */
    size_t first_line = start.line + 1;
    return append_rewritten(r, pos, last_line > first_line ? last_line : first_line, value);
}

/* yamlread._note_scaled: the digits of a large float, which its exponent hides. */
static int note_scaled(Reader *r, PyObject *value, const yaml_event_t *e, PyObject *pos) {
    double magnitude = fabs(PyFloat_AS_DOUBLE(value));
    if (!(magnitude >= 1e8 && magnitude < 1e19)) return 0;
    char *digits = PyOS_double_to_string(magnitude, 'f', 0, 0, NULL);
    if (!digits) return -1;
    PyObject *text = PyUnicode_FromString(digits);
    PyMem_Free(digits);
    if (!text) return -1;
    int rc = append_rewritten(r, pos, e->start_mark.line + 1, text);
    Py_DECREF(text);
    return rc;
}

/* The position of the current event: *pos when already made, else made into *pos. */
static PyObject *position_of(const yaml_event_t *e, PyObject **pos) {
    if (!*pos) *pos = position(e->start_mark);
    return *pos;
}

/* The value of the scalar event in r->event; *pos is its position or NULL (made when needed, owned
   by the caller). NULL with r->unclean set, or with a Python error. */
static PyObject *scalar_value(Reader *r, PyObject **pos) {
    const yaml_event_t *e = &r->event;
    if (e->data.scalar.tag || e->data.scalar.anchor) {
        r->unclean = 1;
        return NULL;
    }
    PyObject *value = decode(e->data.scalar.value, e->data.scalar.length);
    if (!value) return NULL;
    yaml_scalar_style_t style = e->data.scalar.style;
    int plain = style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE;
    if (!plain || e->start_mark.line != e->end_mark.line) {
        if (!position_of(e, pos) || note_rewritten(r, e, value, *pos) < 0) goto fail;
    }
    if (!plain) { /* quoted or block: text */
        if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) { /* an escape may smuggle a hidden character */
            PyObject *match = PyObject_CallOneArg(invisible_search, value);
            if (!match) goto fail;
            int found = match != Py_None;
            Py_DECREF(match);
            if (found) {
                r->unclean = 1;
                goto fail;
            }
        }
        return value;
    }
    if (e->data.scalar.length && !memchr(SPECIAL, e->data.scalar.value[0], sizeof SPECIAL - 1))
        return value; /* a word: nothing but text */
    PyObject *pair = PyObject_CallOneArg(plain_scalar, value);
    Py_DECREF(value);
    if (!pair) return NULL;
    if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2) {
        Py_DECREF(pair);
        PyErr_SetString(PyExc_TypeError, "yamlread._plain_scalar must return a (value, misreading) pair");
        return NULL;
    }
    if (PyTuple_GET_ITEM(pair, 1) != Py_None) { /* ambiguous: the event reader reports it */
        Py_DECREF(pair);
        r->unclean = 1;
        return NULL;
    }
    PyObject *result = PyTuple_GET_ITEM(pair, 0);
    Py_INCREF(result);
    Py_DECREF(pair);
    if (PyFloat_CheckExact(result)) {
        if (!position_of(e, pos) || note_scaled(r, result, e, *pos) < 0) {
            Py_DECREF(result);
            return NULL;
        }
    }
    return result;
fail:
    Py_DECREF(value);
    return NULL;
}

static PyObject *node(Reader *r, PyObject *path, long depth);

/* A sequence whose start event was just read; path is NULL without positions. */
static PyObject *sequence(Reader *r, PyObject *path, long depth) {
    PyObject *items = PyList_New(0);
    if (!items) return NULL;
    for (Py_ssize_t i = 0;; i++) {
        if (!next_event(r)) goto fail;
        if (r->event.type == YAML_SEQUENCE_END_EVENT) return items;
        PyObject *child = NULL;
        if (r->positions) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (!index) goto fail;
            child = extend(path, index);
            Py_DECREF(index);
            if (!child) goto fail;
        }
        PyObject *value = node(r, child, depth + 1);
        Py_XDECREF(child);
        if (!value) goto fail;
        int rc = PyList_Append(items, value);
        Py_DECREF(value);
        if (rc < 0) goto fail;
    }
fail:
    Py_DECREF(items);
    return NULL;
}

/* A mapping whose start event was just read; path is NULL without positions. */
static PyObject *mapping(Reader *r, PyObject *path, long depth) {
    PyObject *map = PyDict_New();
    if (!map) return NULL;
    for (;;) {
        if (!next_event(r)) goto fail;
        const yaml_event_t *e = &r->event;
        if (e->type == YAML_MAPPING_END_EVENT) return map;
        if (e->type != YAML_SCALAR_EVENT || e->data.scalar.tag || e->data.scalar.anchor) {
            r->unclean = 1; /* a complex key, an alias, a tag or an anchor */
            goto fail;
        }
        r->some_keys = 1;
        PyObject *key = decode(e->data.scalar.value, e->data.scalar.length);
        if (!key) goto fail;
        PyObject *key_pos = r->positions ? position(e->start_mark) : NULL;
        if (r->positions && !key_pos) goto fail_key;
        yaml_scalar_style_t style = e->data.scalar.style;
        int plain = style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE;
        if (!plain || e->start_mark.line != e->end_mark.line) {
            if (!position_of(e, &key_pos) || note_rewritten(r, e, key, key_pos) < 0) goto fail_key;
        } else if (e->data.scalar.length == 2 && memcmp(e->data.scalar.value, "<<", 2) == 0) {
            r->unclean = 1; /* a merge key */
            goto fail_key;
        }
        int duplicate = PyDict_Contains(map, key);
        if (duplicate != 0) {
            if (duplicate > 0) r->unclean = 1;
            goto fail_key;
        }
        PyObject *child = NULL;
        if (r->positions) {
            child = extend(path, key);
            if (!child || PyDict_SetItem(r->keys, child, key_pos) < 0) {
                Py_XDECREF(child);
                goto fail_key;
            }
        }
        Py_XDECREF(key_pos);
        key_pos = NULL;
        PyObject *value = next_event(r) ? node(r, child, depth + 1) : NULL;
        Py_XDECREF(child);
        if (!value) {
            Py_DECREF(key);
            goto fail;
        }
        int rc = PyDict_SetItem(map, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (rc < 0) goto fail;
        continue;
    fail_key:
        Py_XDECREF(key_pos);
        Py_DECREF(key);
        goto fail;
    }
fail:
    Py_DECREF(map);
    return NULL;
}

/* The node whose first event is r->event, at depth (the root is 1); path is NULL without positions. */
static PyObject *node(Reader *r, PyObject *path, long depth) {
    const yaml_event_t *e = &r->event;
    PyObject *pos = NULL;
    if (r->positions) {
        pos = position(e->start_mark);
        if (!pos) return NULL;
        if (PyDict_SetItem(r->values, path, pos) < 0) {
            Py_DECREF(pos);
            return NULL;
        }
    }
    PyObject *result = NULL;
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        result = scalar_value(r, &pos);
        break;
    case YAML_SEQUENCE_START_EVENT:
        if (e->data.sequence_start.tag || e->data.sequence_start.anchor || depth > max_depth)
            r->unclean = 1;
        else
            result = sequence(r, path, depth);
        break;
    case YAML_MAPPING_START_EVENT:
        if (e->data.mapping_start.tag || e->data.mapping_start.anchor || depth > max_depth)
            r->unclean = 1;
        else
            result = mapping(r, path, depth);
        break;
    default: /* an alias */
        r->unclean = 1;
    }
    Py_XDECREF(pos);
    return result;
}

/* The stream: nothing, or one document holding one node. 1 with *data set, 0 otherwise. */
static int read_stream(Reader *r, PyObject **data, int *has_root) {
    if (!next_event(r) || r->event.type != YAML_STREAM_START_EVENT || !next_event(r)) return 0;
    if (r->event.type == YAML_STREAM_END_EVENT) { /* empty, or comments only */
        Py_INCREF(Py_None);
        *data = Py_None;
        return 1;
    }
    if (r->event.type != YAML_DOCUMENT_START_EVENT || !next_event(r)) return 0;
    *has_root = 1;
    PyObject *root_path = NULL;
    if (r->positions) {
        root_path = PyTuple_New(0);
        if (!root_path) return 0;
    }
    *data = node(r, root_path, 1);
    Py_XDECREF(root_path);
    if (!*data) return 0;
    if (!next_event(r) || r->event.type != YAML_DOCUMENT_END_EVENT) return 0;
    if (!next_event(r) || r->event.type != YAML_STREAM_END_EVENT) return 0; /* several documents */
    return 1;
}

PyDoc_STRVAR(read_doc,
             "read(text, positions) -> (data, values, keys, rewritten, some_keys, has_root) of a clean record,\n"
             "or None where yamlread's event reader must read the text. Without positions, values and keys are\n"
             "None and some_keys says whether a mapping had a key.");

static PyObject *read_record(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "read(text: str, positions: bool)");
        return NULL;
    }
    if (!plain_scalar || !invisible_search || max_depth < 1) {
        PyErr_SetString(PyExc_RuntimeError, "pks_yamlc.configure() was not called");
        return NULL;
    }
    int positions = PyObject_IsTrue(args[1]);
    if (positions < 0) return NULL;
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(args[0], &size); /* fails on lone surrogates */
    if (!text) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeError)) {
            PyErr_Clear();
            Py_RETURN_NONE;
        }
        return NULL;
    }

    Reader r;
    memset(&r, 0, sizeof r);
    r.positions = positions;
    if (!yaml_parser_initialize(&r.parser)) return PyErr_NoMemory();
    /* No yaml_parser_set_encoding, as in PyYAML: libyaml then detects UTF-8 and drops a leading
       byte-order mark before counting columns, as the Python readers' marks do. */
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, (size_t)size);

    PyObject *data = NULL, *out = NULL;
    int has_root = 0;
    r.rewritten = PyList_New(0);
    if (r.rewritten && positions) {
        r.values = PyDict_New();
        r.keys = r.values ? PyDict_New() : NULL;
    }
    if (r.rewritten && (!positions || r.keys) && read_stream(&r, &data, &has_root)) {
        out = Py_BuildValue("(OOOOOO)", data, positions ? r.values : Py_None, positions ? r.keys : Py_None, r.rewritten,
                            r.some_keys ? Py_True : Py_False, has_root ? Py_True : Py_False);
    }

    if (r.have_event) yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    Py_XDECREF(data);
    Py_XDECREF(r.values);
    Py_XDECREF(r.keys);
    Py_XDECREF(r.rewritten);
    if (out) return out;
    if (PyErr_Occurred()) {
        /* the event reader meets these again and reports them; anything else is a bug to see */
        if (!PyErr_ExceptionMatches(PyExc_UnicodeError) && !PyErr_ExceptionMatches(PyExc_MemoryError)) return NULL;
        PyErr_Clear();
    }
    Py_RETURN_NONE;
}

PyDoc_STRVAR(configure_doc, "configure(plain_scalar, invisible_search, max_depth): yamlread's policy, given once.");

static PyObject *configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *scalar_policy, *search;
    long depth;
    if (!PyArg_ParseTuple(args, "OOl", &scalar_policy, &search, &depth)) return NULL;
    if (!PyCallable_Check(scalar_policy) || !PyCallable_Check(search) || depth < 1 || depth > 1000) {
        PyErr_SetString(PyExc_ValueError, "configure(callable, callable, 1 <= max_depth <= 1000)");
        return NULL;
    }
    Py_INCREF(scalar_policy);
    Py_XSETREF(plain_scalar, scalar_policy);
    Py_INCREF(search);
    Py_XSETREF(invisible_search, search);
    max_depth = depth;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"read", (PyCFunction)(void (*)(void))read_record, METH_FASTCALL, read_doc},
    {"configure", configure, METH_VARARGS, configure_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "pks_yamlc", "yamlread's node reader in C (native/pks_yamlc.c)", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_pks_yamlc(void) {
    PyObject *module = PyModule_Create(&module_def);
    if (!module) return NULL;
    if (PyModule_AddStringConstant(module, "SOURCE_SHA256", PKS_SOURCE_SHA256) < 0 ||
        PyModule_AddStringConstant(module, "LIBYAML_VERSION", yaml_get_version_string()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
