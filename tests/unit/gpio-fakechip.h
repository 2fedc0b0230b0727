/*
 * gpio-fakechip.h - the GPIO chips behind a fake libgpiod. The scenarios
 * (test_gpio_gpiod.c) move buttons and look at lines through this; a
 * fake library (gpio-fakegpiod1.c for the 1.6 API, gpio-fakegpiod2.c for
 * 2.x) maps its gpiod_* calls onto it, so that both backends meet the
 * same chips and the same kernel rules.
 *
 * The chips are a Raspberry Pi's as gpiodetect shows them: the header's
 * "gpiochip0" (pinctrl-bcm2711), the firmware's expander "gpiochip1",
 * and a Pi 5's header as an early kernel numbered it, "gpiochip4"
 * (pinctrl-rp1), so that chip numbers have a gap.
 */
#ifndef ANTRE_TEST_GPIO_FAKECHIP_H
#define ANTRE_TEST_GPIO_FAKECHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAKECHIP_CHIPS	3
#define FAKECHIP_LINES	64
#define FAKECHIP_QUEUE	64

enum fakechip_dir { FAKECHIP_AS_IS, FAKECHIP_INPUT, FAKECHIP_OUTPUT };
enum fakechip_edges { FAKECHIP_NO_EDGES, FAKECHIP_RISING, FAKECHIP_FALLING,
	FAKECHIP_BOTH_EDGES };
enum fakechip_bias { FAKECHIP_BIAS_AS_IS, FAKECHIP_PULL_UP,
	FAKECHIP_PULL_DOWN, FAKECHIP_BIAS_DISABLED };
enum fakechip_clock { FAKECHIP_MONOTONIC, FAKECHIP_REALTIME, FAKECHIP_HTE };

/* How a line is requested. */
struct fakechip_how {
	enum fakechip_dir	dir;
	enum fakechip_edges	edges;
	enum fakechip_bias	bias;
	enum fakechip_clock	clock;
	bool			active_low;
	int			value;	/* output: first value */
};

struct fakechip_event {
	unsigned int	line;
	bool		rising;		/* of the logical value */
	uint64_t	ns;		/* the kernel's timestamp */
};

/* Lines requested together: their edges queue on one descriptor. */
struct fakechip_req {
	struct fakechip		*chip;
	int			 pipe[2];	/* a byte per queued edge */
	struct fakechip_event	 queue[FAKECHIP_QUEUE];
	int			 nqueue;
};

struct fakechip_line {
	char			 consumer[32];	/* "": free */
	struct fakechip_req	*req;	/* NULL: free or another's */
	struct fakechip_how	 how;
	int			 level;	/* output: physical level */
};

struct fakechip {
	const char		*name;
	const char		*label;
	unsigned int		 nlines;
	bool			 denied;	/* opening it: EACCES */
	int			 opened;	/* handles open */
	struct fakechip_line	 line[FAKECHIP_LINES];
};

extern struct fakechip fakechips[FAKECHIP_CHIPS];
/* Reads the code under test made with nothing queued: on a real chip
 * they would have blocked the desk's main loop. */
extern int fakechip_blocked;

/* The scenarios' side. */
void		 fakechip_reset(void);
struct fakechip	*fakechip_get(const char *name);
struct fakechip_line *fakechip_line(const char *chip, unsigned int line);
/* Another program (gpioset, a kernel driver) holds the line. */
void		 fakechip_hold(const char *chip, unsigned int line,
		    const char *consumer);
/* The button on the line moves; rising is of the logical value. */
void		 fakechip_edge(const char *chip, unsigned int line,
		    bool rising, uint64_t ns);
int		 fakechip_requests(void);	/* the program's, live */
int		 fakechip_open_chips(void);	/* handles, all chips */

/* What each fake library says about itself. */
extern const char *const fakegpiod_api;
/* How many line requests its backend makes for n buttons and a LED. */
int		 fakegpiod_requests(int buttons, bool led);

/* The fake libraries' side: the kernel's rules. */
/* The chip a /dev path names, or NULL with errno: ENOENT, EACCES. */
struct fakechip	*fakechip_by_path(const char *path);
/* Requests lines[0..n) with how[i] for each, or NULL with errno: EINVAL
 * for a line the chip does not have, EBUSY for one in use. */
struct fakechip_req *fakechip_request(struct fakechip *c,
		    const unsigned int *lines, const struct fakechip_how *how,
		    size_t n, const char *consumer);
void		 fakechip_release(struct fakechip_req *r);
bool		 fakechip_pending(struct fakechip_req *r);
/* The oldest queued edge; -1 (counted in fakechip_blocked) if none. */
int		 fakechip_pop(struct fakechip_req *r,
		    struct fakechip_event *ev);
/* Sets an output's logical value; -1 with EPERM if r does not hold it
 * as an output. */
int		 fakechip_set(struct fakechip_req *r, unsigned int line,
		    int value);

#endif
