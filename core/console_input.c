/* Physical console input, multiplexed between the partitions' UARTs. */
#include <arch/spinlock.h>
#include <core/console.h>
#include <core/console_input.h>
#include <core/console_mux.h>
#include <core/partition.h>
#include <core/vcpu_exit.h>

static struct console_mux mux;
static spinlock_t lock = SPINLOCK_INIT;

void console_input_init(unsigned nr_partitions)
{
	console_mux_init(&mux, nr_partitions);
}

static void announce_focus(void)
{
	struct partition *p = partition_get(mux.focus);

	hyp_log("console input goes to partition %s (Ctrl-\\ n: next, Ctrl-\\ "
		"?: help)",
		p ? p->cfg->name : "?");
}

void console_input(char c)
{
	enum mux_result r;
	char out;

	spin_lock(&lock);
	r = console_mux_input(&mux, c, &out);
	spin_unlock(&lock);
	switch (r) {
	case MUX_DELIVER:
		if (!partition_uart_rx(mux.focus, out))
			partition_warn_once(partition_get(mux.focus),
					    WARN_UART_RX,
					    "console input dropped: its UART "
					    "is off, or it reads nothing and "
					    "its input queue is full");
		break;
	case MUX_FOCUS_CHANGED:
		announce_focus();
		break;
	case MUX_HELP:
		hyp_log("%s", console_mux_help());
		break;
	case MUX_BAD_KEY:
		hyp_log("console: unknown key after Ctrl-\\ (Ctrl-\\ ? for "
			"help)");
		break;
	case MUX_CONSUMED:
		break;
	}
}
