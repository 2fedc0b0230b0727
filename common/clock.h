/*
 * clock.h - the two clocks every Antre program reads: the monotonic one
 * for timeouts and deadlines (never jumps), the wall clock for what
 * people and the log see (may jump when someone sets it).
 */
#ifndef ANTRE_CLOCK_H
#define ANTRE_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds, and in nanoseconds for the audio
 * outputs' sample timing. */
int64_t	mono_ms(void);
int64_t	mono_ns(void);
/* Wall-clock time in milliseconds since the epoch; moved by the seconds
 * in the file $ANTRE_CLOCK_OFFSET_FILE names, for tests (clock.c). */
int64_t	wall_ms(void);

#endif
