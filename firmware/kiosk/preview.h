/*
 * preview.h - a ticket layout drawn to a PNG at the printer's resolution
 * (8 dots a millimetre), for "antre-kiosk --preview FILE".
 */
#ifndef ANTRE_PREVIEW_H
#define ANTRE_PREVIEW_H

#include "ticket.h"

/* 0, or -1 (logged). */
int	preview_png(const struct tlayout *l, const char *path);

#endif
