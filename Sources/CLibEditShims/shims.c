#include "CLibEditShims.h"

int cardsh_el_set_prompt_esc(EditLine *el, cardsh_prompt_fn fn, char ignore) {
    return el_set(el, EL_PROMPT_ESC, fn, ignore);
}

int cardsh_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }

int cardsh_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }

int cardsh_el_set_prep_term(EditLine *el, int prepare) { return el_set(el, EL_PREP_TERM, prepare); }

int cardsh_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }

void *cardsh_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

int cardsh_el_addfn(EditLine *el, const char *name, const char *help, cardsh_editor_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

int cardsh_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

int cardsh_el_get_columns(EditLine *el) {
    int columns = -1;
    if (el_get(el, EL_GETTC, "co", &columns, (void *)NULL) != 0) return -1;
    return columns;
}

int cardsh_history_setsize(History *h, HistEvent *ev, int size) { return history(h, ev, H_SETSIZE, size); }

int cardsh_history_setunique(History *h, HistEvent *ev, int unique) { return history(h, ev, H_SETUNIQUE, unique); }

int cardsh_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }

int cardsh_history_load(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_LOAD, path); }

int cardsh_history_save_fp(History *h, HistEvent *ev, FILE *fp) { return history(h, ev, H_SAVE_FP, fp); }

int cardsh_history_first(History *h, HistEvent *ev) { return history(h, ev, H_FIRST); }

int cardsh_history_last(History *h, HistEvent *ev) { return history(h, ev, H_LAST); }

int cardsh_history_prev(History *h, HistEvent *ev) { return history(h, ev, H_PREV); }

int cardsh_history_next(History *h, HistEvent *ev) { return history(h, ev, H_NEXT); }

int cardsh_history_clear(History *h, HistEvent *ev) { return history(h, ev, H_CLEAR); }

FILE *cardsh_stdin(void) { return stdin; }

FILE *cardsh_stdout(void) { return stdout; }

FILE *cardsh_stderr(void) { return stderr; }
