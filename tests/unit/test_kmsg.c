/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's USB messages as the doctor reads them (lib/link/kmsg.h): /dev/kmsg records and
 * dmesg lines, a MediaTek device with and without a ttyACM port, a preloader that shows again
 * and again, enumeration failures, old messages left out, and lines cut or without an end.
 */
#include <string.h>

#include "kmsg.h"
#include "testutil.h"

static struct kmsg_usb scan(const char *text, double since)
{
	struct kmsg_usb k;
	memset(&k, 0, sizeof(k));
	kmsg_usb_scan(text, strlen(text), since, &k);
	return k;
}

static void test_brom_with_port(void **state)
{
	(void)state;
	struct kmsg_usb k = scan(
		"6,901,5000000,-;usb 1-2: new full-speed USB device number 9 using xhci_hcd\n"
		"6,902,5100000,-;usb 1-2: New USB device found, idVendor=0e8d, idProduct=0003, "
		"bcdDevice= 1.00\n"
		" SUBSYSTEM=usb\n"
		" DEVICE=c189:8\n"
		"6,903,5200000,-;cdc_acm 1-2:1.0: ttyACM0: USB ACM device\n",
		0);
	assert_string_equal(k.mtk_place, "1-2");
	assert_int_equal(k.mtk_pid, 0x0003);
	assert_int_equal(k.mtk_seen, 1);
	assert_int_equal(k.loop, 0);
	assert_int_equal(k.mtk_mode, MTKFW_PORT_BROM);
	assert_string_equal(k.mtk_tty, "ttyACM0");
	assert_true(k.mtk_at > 5.09 && k.mtk_at < 5.11);
	assert_int_equal(k.fails, 0);
}

static void test_no_port_and_loop(void **state)
{
	(void)state;
	/* dmesg lines: an old port at 3-1, then a preloader at 1-4 three times, cdc_acm silent */
	struct kmsg_usb k =
		scan("[   10.000000] usb 3-1: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[   10.100000] cdc_acm 3-1:1.0: ttyACM3: USB ACM device\n"
		     "[  100.000000] usb 1-4: New USB device found, idVendor=0E8D, idProduct=2000\n"
		     "[  101.000000] usb 1-4: USB disconnect, device number 3\n"
		     "[  104.000000] usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[  108.000000] usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000",
		     50);
	assert_string_equal(k.mtk_place, "1-4");
	assert_int_equal(k.mtk_pid, 0x2000);
	assert_int_equal(k.loop, 3); /* the one at 10 s is older than since */
	assert_string_equal(k.loop_place, "1-4");
	assert_string_equal(k.mtk_tty, "");
	k = scan("[   10.000000] usb 3-1: New USB device found, idVendor=0e8d, idProduct=2000\n"
		 "[   10.100000] cdc_acm 3-1:1.0: ttyACM3: USB ACM device\n"
		 "[   12.000000] usb 3-1: New USB device found, idVendor=0e8d, idProduct=0003\n",
		 0);
	assert_string_equal(k.mtk_tty, ""); /* the port was the earlier appearance's */
	assert_int_equal(k.mtk_seen, 2);
}

static void test_enum_failures(void **state)
{
	(void)state;
	struct kmsg_usb k = scan(
		"3,10,7000000,-;usb 1-2: device descriptor read/64, error -71\n"
		"3,11,7200000,-;usb 1-2: device not accepting address 12, error -71\n"
		"3,12,7400000,-;usb usb1-port2: unable to enumerate USB device\n"
		"6,13,7500000,-;usb 2-1: New USB device found, idVendor=046d, idProduct=c52b\n",
		0);
	assert_int_equal(k.fails, 3);
	assert_string_equal(k.fail_place, "usb1-port2");
	assert_string_equal(k.fail_what, "unable to enumerate USB device");
	assert_string_equal(k.mtk_place, ""); /* a mouse is not a phone */
	assert_int_equal(k.mtk_seen, 0);
}

static void test_hostile(void **state)
{
	(void)state;
	char big[3000];
	memset(big, 'x', sizeof(big));
	memcpy(big, "6,1,1,-;usb ", 12);
	big[sizeof(big) - 1] = 0;
	struct kmsg_usb k = scan(big, 0); /* a place longer than its field, a line past the copy */
	assert_true(strlen(k.mtk_place) < sizeof(k.mtk_place));
	k = scan("usb 1-1: New USB device found, idVendor=0e8d, idProduct=20", 0); /* cut short */
	assert_int_equal(k.mtk_seen, 0); /* no product id: no download port */
	k = scan("6,1,;usb : New USB device found\n;\n,;\n[\n[1e999]\n\n\n", 0);
	assert_int_equal(k.mtk_seen, 0);
	const char nul[] = "usb 1-3: New USB device\0found, idVendor=0e8d, idProduct=0003\n";
	memset(&k, 0, sizeof(k));
	kmsg_usb_scan(nul, sizeof(nul) - 1, 0, &k); /* a NUL inside a line is a space */
	assert_int_equal(k.mtk_seen, 1);
	kmsg_usb_scan("", 0, 0, &k);
	assert_int_equal(k.mtk_seen, 1);
}

static void test_loops_and_strangers(void **state)
{
	(void)state;
	/* three phones at three places (a station), and one phone plugged in twice a minute apart:
	 * no run of three */
	struct kmsg_usb k =
		scan("[ 100.0] usb 1-1: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[ 101.0] usb 1-2: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[ 102.0] usb 1-3: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[ 110.0] usb 1-1: New USB device found, idVendor=0e8d, idProduct=2000\n"
		     "[ 200.0] usb 1-1: New USB device found, idVendor=0e8d, idProduct=2000\n",
		     0);
	assert_int_equal(k.loop, 2);
	assert_string_equal(k.loop_place, "1-1");
	/* a loop ended by the phone booting (Android's own id at that place) starts again */
	k = scan("[ 10.0] usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000\n"
		 "[ 15.0] usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000\n"
		 "[ 20.0] usb 1-4: New USB device found, idVendor=0e8d, idProduct=201c\n"
		 "[ 25.0] usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000\n",
		 0);
	assert_int_equal(k.loop, 2);
	assert_int_equal(k.mtk_pid, 0x2000); /* Android's id is no download port */
	assert_int_equal(k.mtk_seen, 3);
	/* a MediaTek Bluetooth chip and the DA's port */
	k = scan("6,1,1000000,-;usb 3-5: New USB device found, idVendor=0e8d, idProduct=0608\n", 0);
	assert_int_equal(k.mtk_seen, 0);
	assert_string_equal(k.mtk_place, "");
	k = scan("6,1,1000000,-;usb 3-5: New USB device found, idVendor=0e8d, idProduct=2001\n", 0);
	assert_int_equal(k.mtk_mode, MTKFW_PORT_DA);
	/* a negative or impossible time is no time: the line is left out */
	k = scan("6,1,-5000000,-;usb 3-5: New USB device found, idVendor=0e8d, idProduct=0003\n"
		 "[ -3.0] usb 3-6: New USB device found, idVendor=0e8d, idProduct=0003\n"
		 "[ nan] usb 3-7: New USB device found, idVendor=0e8d, idProduct=0003\n"
		 "[ 1e300] usb 3-8: New USB device found, idVendor=0e8d, idProduct=0003\n",
		 0);
	assert_int_equal(k.mtk_seen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brom_with_port),	    cmocka_unit_test(test_no_port_and_loop),
		cmocka_unit_test(test_enum_failures),	    cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_loops_and_strangers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
