/* input.h - the node's inputs as event sources: the capture file (read
 * ahead by capq's thread, at most 1024 frames; the node takes the next one
 * when the one before has been scheduled, and holds it until its arrival
 * event fires) and frames handed over from elsewhere (another host of a
 * world). Each
 * arrival is an event of class EC_RX_FRAME at the cycle the frame's last
 * bit is in; nothing outside the queue looks at what is pending.
 *
 * Capture times (SPEC T3): integer ns since the first frame, never
 * backwards (a frame stamped earlier than the one before arrives with it,
 * counted), plus trace.offset, converted to cycles in 128 bits rounding
 * down; frames then queue on the receive wire (model/wire). A frame the
 * host sent itself (N0: pcapng/SLL direction "out", or its source MAC is
 * the host's) is not received: skip own-tx, and with --replay-tx the host
 * sends it again at its time. A frame of a pcapng interface whose link
 * type is not Ethernet, SLL or SLL2 is listed as skip other-link and takes
 * no part in the timing (the first frame that does sets the time base). */
#ifndef NICSHARE_INPUT_H
#define NICSHARE_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "evq.h"
#include "calls.h"
#include "gpside.h"
#include "ledger.h"
#include "nicdev.h"
#include "rtside.h"
#include "scenario.h"

struct input;

struct input_deps {
	const struct scenario *sc;
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct nicdev *nic;
	struct rtside *rt;
	struct gpside *gp;
	struct ports *ports;
	struct calls *calls;         /* GP's call table, NULL: no SIP engine */
	uint64_t hz;
	uint64_t end_cycle;
};

struct input *input_create(const struct input_deps *d);
void input_destroy(struct input *in);
/* Open the scenario's capture (when it has one); -1 and err on failure. */
int input_open(struct input *in, char *err, size_t errlen);
/* Read up to the first frame that needs timing and schedule its arrival. */
void input_start(struct input *in);
/* A frame from elsewhere whose last bit is in at cycle `at` (>= now);
 * fi its parse, kept with it, or NULL (parsed at its arrival). It is
 * numbered (its input index) when it arrives, or, when it has not, at
 * input_finish in the order it would have arrived. -1 when memory runs
 * out. */
int input_hand(struct input *in, const uint8_t *data, uint32_t caplen, uint32_t wirelen, uint64_t at,
               const struct frame_info *fi);
/* A frame from a modelled peer (the far end of generated calls) starts
 * arriving now: it queues on the receive wire as a capture frame does and
 * is an input frame of its own. -1 when memory runs out. */
int input_inject(struct input *in, const uint8_t *data, uint32_t caplen, uint32_t wirelen);
/* run.duration reached: the pending frame and the rest of the capture are
 * listed as not received (skip unfinished; a frame of another link type
 * skip other-link, as before the end). */
void input_finish(struct input *in);

/* A fatal input error (damaged capture, out of memory): its message. */
const char *input_error(const struct input *in);
uint64_t input_frames(const struct input *in);          /* input frames so far */
/* Of them, the frames input_inject numbered among the capture's. */
uint64_t input_injected(const struct input *in);
/* Frames handed over by input_hand (a world's network), to this instant. */
uint64_t input_handed(const struct input *in);
uint64_t input_ts_backwards(const struct input *in);
/* The capture's clock: true and *ns the epoch ns of the capture's first
 * timed frame (negative before 1970), once a frame has set it; false
 * without one (no capture, or none of its frames read yet). */
bool input_epoch_ns(const struct input *in, __int128 *ns);

#endif
