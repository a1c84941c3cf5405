#ifndef CLIBEDIT_SHIMS_H
#define CLIBEDIT_SHIMS_H
// Fixed-argument wrappers around libedit's variadic el_set, el_get and history, which Swift cannot call.
// One wrapper per operation; each returns what libedit returns (0 or a count on success, -1 on failure).
#include <stdio.h>
#include <histedit.h>

typedef char *(*cardsh_prompt_fn)(EditLine *);
typedef unsigned char (*cardsh_editor_fn)(EditLine *, int);

int cardsh_el_set_prompt_esc(EditLine *el, cardsh_prompt_fn fn, char ignore);
int cardsh_el_set_editor(EditLine *el, const char *mode);
int cardsh_el_set_hist(EditLine *el, History *h);
/// Puts the terminal in editing mode now (EL_PREP_TERM 1) or back (0).
int cardsh_el_set_prep_term(EditLine *el, int prepare);
int cardsh_el_set_clientdata(EditLine *el, void *data);
void *cardsh_el_get_clientdata(EditLine *el);
int cardsh_el_addfn(EditLine *el, const char *name, const char *help, cardsh_editor_fn fn);
int cardsh_el_bind(EditLine *el, const char *key, const char *function);
/// Terminal width in columns ("co" capability), or -1.
int cardsh_el_get_columns(EditLine *el);

int cardsh_history_setsize(History *h, HistEvent *ev, int size);
int cardsh_history_setunique(History *h, HistEvent *ev, int unique);
int cardsh_history_enter(History *h, HistEvent *ev, const char *line);
int cardsh_history_load(History *h, HistEvent *ev, const char *path);
int cardsh_history_save_fp(History *h, HistEvent *ev, FILE *fp);
int cardsh_history_first(History *h, HistEvent *ev);
int cardsh_history_last(History *h, HistEvent *ev);
int cardsh_history_prev(History *h, HistEvent *ev);
int cardsh_history_next(History *h, HistEvent *ev);
int cardsh_history_clear(History *h, HistEvent *ev);

/// The process's standard streams (Swift 6 cannot read the mutable C globals).
FILE *cardsh_stdin(void);
FILE *cardsh_stdout(void);
FILE *cardsh_stderr(void);

#endif
