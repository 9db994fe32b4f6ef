/*
 * Console input: bytes from the physical console go to one partition's
 * virtual UART at a time; Ctrl-\\ then n, or a digit, moves the focus
 * (core/include/core/console_mux.h has the key sequence).
 */
#ifndef CORE_CONSOLE_INPUT_H
#define CORE_CONSOLE_INPUT_H

void console_input_init(unsigned nr_partitions);
void console_input(char c);

#endif
