/*
 * sample-board.h - boards for tests and samples: a realistic hall at
 * 09:41 on Monday 23 November 2026, in several sizes.
 */
#ifndef ANTRE_SAMPLE_BOARD_H
#define ANTRE_SAMPLE_BOARD_H

#include "proto.h"

/* Monday 23 November 2026, 09:41 in Jakarta. */
#define SAMPLE_TIME_MS	1795401660000LL

/*
 * ndesks desks in a fixed cycle of states, ten calls, four services
 * waiting. big: four-digit numbers. fault: the warning strip's text, or
 * NULL.
 */
void	sample_board(struct board *b, int ndesks, int big, const char *fault);

/* Writes an office emblem (a green shield with a star) as a size x size
 * PNG file. 0 or -1. */
int	sample_logo(const char *path, int size);

#endif
