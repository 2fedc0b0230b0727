/*
 * render-conf.c - the board's defaults (render.h): what a hall shows
 * before its configuration says otherwise. Apart from the renderer so
 * that a program reading the configuration without drawing (antre-web)
 * links no cairo code.
 */
#include "render-int.h"

#include <string.h>

void
render_conf_defaults(struct render_conf *rc)
{
	struct render_theme *t = &rc->theme;
	struct render_labels *l = &rc->labels;

	memset(rc, 0, sizeof(*rc));
	copy_str(rc->office, sizeof(rc->office), "Mal Pelayanan Publik");
	/* Long enough to look up and find the number, short enough that
	 * the next call stands out again. */
	rc->highlight_ms = 10000;
	rc->marquee_speed = 90;
	rc->marquee_fps = 30;
	rc->screen_inches = RENDER_INCHES;
	rc->viewing_m = RENDER_VIEWING_M;
	rc->page_ms = RENDER_PAGE_MS;

	/* Deep blue with white text and amber numbers: high contrast from
	 * the back of a hall, calm enough to look at all day. */
	t->background = (struct rgb){ 0.043, 0.106, 0.208 };
	t->panel = (struct rgb){ 0.090, 0.184, 0.325 };
	t->text = (struct rgb){ 1.0, 1.0, 1.0 };
	t->muted = (struct rgb){ 0.588, 0.675, 0.792 };
	t->accent = (struct rgb){ 1.0, 0.792, 0.259 };
	t->warning = (struct rgb){ 0.761, 0.129, 0.145 };
	copy_str(t->font, sizeof(t->font), "Noto Sans");

	copy_str(l->now_calling, sizeof(l->now_calling), "Sekarang dipanggil");
	copy_str(l->desk_serving, sizeof(l->desk_serving), "melayani");
	copy_str(l->desk_idle, sizeof(l->desk_idle), "kosong");
	copy_str(l->desk_paused, sizeof(l->desk_paused), "istirahat");
	copy_str(l->desk_closed, sizeof(l->desk_closed), "tutup");
	copy_str(l->desk_offline, sizeof(l->desk_offline), "tidak aktif");
	copy_str(l->last_calls, sizeof(l->last_calls), "Panggilan terakhir");
	copy_str(l->waiting, sizeof(l->waiting), "Menunggu");
	copy_str(l->to_desk, sizeof(l->to_desk), "ke");
	copy_str(l->priority, sizeof(l->priority), "Prioritas");
	copy_str(l->quota, sizeof(l->quota), "Kuota habis");
	copy_str(l->closed, sizeof(l->closed), "Pendaftaran ditutup");
}
