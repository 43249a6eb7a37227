/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The window's event stream: every job event (a line of JSON) numbered and
 * kept in a ring of GUI_EVENTS_KEPT, so a page that reconnects (Last-Event-ID)
 * catches up; readers sleep until the next one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gui.h"

void gui_events_init(struct gui_events *e)
{
	memset(e, 0, sizeof(*e));
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->cv, NULL);
}

void gui_events_free(struct gui_events *e)
{
	for (size_t i = 0; i < GUI_EVENTS_KEPT; i++)
		free(e->kept[i]);
	pthread_cond_destroy(&e->cv);
	pthread_mutex_destroy(&e->mu);
}

void gui_events_push(struct gui_events *e, const char *json)
{
	char *copy = strdup(json);
	if (!copy)
		return;
	pthread_mutex_lock(&e->mu);
	e->last++;
	char **slot = &e->kept[e->last % GUI_EVENTS_KEPT];
	free(*slot);
	*slot = copy;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}

/* now + ms as a deadline for pthread_cond_timedwait (CLOCK_REALTIME). */
static struct timespec deadline(unsigned ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

int gui_events_next(struct gui_events *e, uint64_t *after, char **out, unsigned ms)
{
	struct timespec until = deadline(ms);
	int rc = 0;
	pthread_mutex_lock(&e->mu);
	while (!e->closing && *after >= e->last) {
		if (pthread_cond_timedwait(&e->cv, &e->mu, &until) == ETIMEDOUT)
			break;
	}
	if (e->closing) {
		rc = -1;
	} else if (*after < e->last) {
		uint64_t oldest = e->last >= GUI_EVENTS_KEPT ? e->last - GUI_EVENTS_KEPT + 1 : 1;
		uint64_t k = *after + 1 < oldest ? oldest : *after + 1;
		*out = strdup(e->kept[k % GUI_EVENTS_KEPT]);
		*after = k;
		rc = *out ? 1 : 0;
	}
	pthread_mutex_unlock(&e->mu);
	return rc;
}

uint64_t gui_events_last(struct gui_events *e)
{
	pthread_mutex_lock(&e->mu);
	uint64_t n = e->last;
	pthread_mutex_unlock(&e->mu);
	return n;
}

void gui_events_close(struct gui_events *e)
{
	pthread_mutex_lock(&e->mu);
	e->closing = true;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}
