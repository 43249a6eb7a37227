/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libusb backend: talk to the phone's CDC data interface directly, for
 * systems without a cdc_acm driver. The phone enumerates as 0e8d:0003 (BROM),
 * 0e8d:2000 (preloader) or 0e8d:2001 (DA).
 */
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "link_priv.h"
#include "mtkfw/transport.h"

#define MTK_VID		   0x0e8d
#define CDC_DATA_CLASS	   0x0A
#define CDC_COMM_CLASS	   0x02
#define CONTROL_TIMEOUT_MS 1000
#define REOPEN_WAIT_MS	   3000

struct usbdev {
	struct mtkfw_ctx *ctx;
	libusb_context *lc;
	libusb_device_handle *h;
	int comm, data;
	uint8_t ep_in, ep_out;
	uint16_t out_max; /* wMaxPacketSize of the OUT endpoint */
	char path[32];
	uint8_t rbuf[16384];
	size_t rlen, roff;
};

static bool mtk_pid(uint16_t pid)
{
	return pid == 0x0003 || pid == 0x2000 || pid == 0x2001;
}

/* "bus-port.port..." as sysfs names it. */
static void dev_path(libusb_device *d, char *out, size_t n)
{
	uint8_t ports[8];
	int k = libusb_get_port_numbers(d, ports, 8);
	size_t pos = (size_t)snprintf(out, n, "%u", libusb_get_bus_number(d));
	for (int i = 0; i < k && pos < n; i++)
		pos += (size_t)snprintf(out + pos, n - pos, "%c%u", i ? '.' : '-', ports[i]);
}

/* The one matching MediaTek device, or an error naming the candidates. */
static int find_device(struct usbdev *u, const char *want, libusb_device **out)
{
	libusb_device **list;
	ssize_t n = libusb_get_device_list(u->lc, &list);
	int found = 0;
	char names[256] = "";
	for (ssize_t i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		char p[32];
		if (libusb_get_device_descriptor(list[i], &dd) || dd.idVendor != MTK_VID ||
		    !mtk_pid(dd.idProduct))
			continue;
		dev_path(list[i], p, sizeof(p));
		if (want && strcmp(want, p))
			continue;
		if (!found++) {
			*out = libusb_ref_device(list[i]);
			snprintf(u->path, sizeof(u->path), "%s", p);
		}
		size_t l = strlen(names);
		snprintf(names + l, sizeof(names) - l, "%s%s (0e8d:%04x)", l ? ", " : "", p,
			 dd.idProduct);
	}
	if (n >= 0)
		libusb_free_device_list(list, 1);
	if (found == 1)
		return 0;
	if (found > 1) {
		libusb_unref_device(*out);
		return mtkfw_fail(u->ctx, MTKFW_E_AMBIGUOUS,
				  "several MediaTek phones are connected: %s; choose one with "
				  "--usb PATH",
				  names);
	}
	return mtkfw_fail(u->ctx, MTKFW_E_NO_DEVICE,
			  "no MediaTek phone (0e8d:0003/2000/2001) on USB%s%s: power it off, hold "
			  "Volume Down and plug it in",
			  want ? " at " : "", want ? want : "");
}

/* Pick the CDC data interface's bulk endpoints and the communication interface. */
static int find_endpoints(struct usbdev *u, libusb_device *d)
{
	struct libusb_config_descriptor *cd;
	if (libusb_get_active_config_descriptor(d, &cd))
		return mtkfw_fail(u->ctx, MTKFW_E_IO, "USB %s: no configuration", u->path);
	u->comm = u->data = -1;
	for (int i = 0; i < cd->bNumInterfaces; i++) {
		const struct libusb_interface_descriptor *id = &cd->interface[i].altsetting[0];
		if (id->bInterfaceClass == CDC_COMM_CLASS)
			u->comm = id->bInterfaceNumber;
		if (id->bInterfaceClass != CDC_DATA_CLASS)
			continue;
		for (int k = 0; k < id->bNumEndpoints; k++) {
			const struct libusb_endpoint_descriptor *ep = &id->endpoint[k];
			if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
				continue;
			if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
				u->ep_in = ep->bEndpointAddress;
			} else {
				u->ep_out = ep->bEndpointAddress;
				u->out_max = ep->wMaxPacketSize & 0x7FF;
			}
		}
		u->data = id->bInterfaceNumber;
	}
	libusb_free_config_descriptor(cd);
	if (u->data < 0 || !u->ep_in || !u->ep_out)
		return mtkfw_fail(u->ctx, MTKFW_E_PROTOCOL,
				  "USB %s has no CDC data interface with bulk endpoints", u->path);
	return 0;
}

/* Open, claim, and set the line as hosts do (921600 8N1, DTR and RTS up). */
static int usb_attach(struct usbdev *u, const char *want)
{
	libusb_device *d;
	int r = find_device(u, want, &d);
	if (r)
		return r;
	int e = libusb_open(d, &u->h);
	if (!e)
		r = find_endpoints(u, d);
	libusb_unref_device(d);
	if (e)
		return mtkfw_fail(
			u->ctx, e == LIBUSB_ERROR_ACCESS ? MTKFW_E_PERMISSION : MTKFW_E_IO,
			"cannot open USB device %s: %s%s", u->path, libusb_strerror(e),
			e == LIBUSB_ERROR_ACCESS ? "; install udev/60-mtkfw.rules and re-plug"
						 : "");
	if (r)
		return r;
	libusb_set_auto_detach_kernel_driver(u->h, 1);
	if (u->comm >= 0)
		libusb_claim_interface(u->h, u->comm);
	if ((e = libusb_claim_interface(u->h, u->data)) != 0)
		return mtkfw_fail(u->ctx, MTKFW_E_PERMISSION, "cannot claim USB %s: %s", u->path,
				  libusb_strerror(e));
	uint8_t coding[7] = {0x00, 0x10, 0x0E, 0x00, 0, 0, 8}; /* 921600 baud, 1 stop, 8 bits */
	uint16_t idx = (uint16_t)(u->comm >= 0 ? u->comm : u->data);
	libusb_control_transfer(u->h, 0x21, 0x20, 0, idx, coding, 7, CONTROL_TIMEOUT_MS);
	libusb_control_transfer(u->h, 0x21, 0x22, 0x03, idx, NULL, 0, CONTROL_TIMEOUT_MS);
	return 0;
}

static void usb_detach(struct usbdev *u)
{
	if (!u->h)
		return;
	libusb_release_interface(u->h, u->data);
	if (u->comm >= 0)
		libusb_release_interface(u->h, u->comm);
	libusb_close(u->h);
	u->h = NULL;
}

static int map(int e)
{
	return e == LIBUSB_ERROR_TIMEOUT			       ? MTKFW_E_TIMEOUT
	       : e == LIBUSB_ERROR_NO_DEVICE || e == LIBUSB_ERROR_PIPE ? MTKFW_E_DISCONNECTED
								       : MTKFW_E_IO;
}

static int usb_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct usbdev *u = impl;
	/* Only what waits: libusb's timeout 0 waits forever, and a 1 ms transfer may drop data. */
	if (u->roff == u->rlen && !timeout_ms)
		return MTKFW_E_TIMEOUT;
	if (u->roff == u->rlen) {
		int n = 0;
		int e = libusb_bulk_transfer(u->h, u->ep_in, u->rbuf, sizeof(u->rbuf), &n,
					     timeout_ms);
		u->roff = 0;
		u->rlen = n > 0 ? (size_t)n : 0;
		if (e && !u->rlen)
			return map(e);
	}
	size_t k = u->rlen - u->roff < len ? u->rlen - u->roff : len;
	memcpy(buf, u->rbuf + u->roff, k);
	u->roff += k;
	*got = k;
	return 0;
}

bool usb_needs_zlp(size_t len, unsigned max_packet)
{
	return len && max_packet && len % max_packet == 0;
}

/*
 * A bulk write; one whose length is a whole number of packets is ended by a
 * zero-length packet, or the phone's CDC driver waits for more (docs/protocol.md
 * 4: hosts send one).
 */
static int usb_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	struct usbdev *u = impl;
	int n = 0, z = 0;
	int e = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)(uintptr_t)buf, (int)len, &n,
				     timeout_ms);
	*sent = n > 0 ? (size_t)n : 0;
	if (!e && usb_needs_zlp(*sent, u->out_max))
		e = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)(uintptr_t)buf, 0, &z,
					 timeout_ms);
	return e ? map(e) : 0;
}

static int usb_reopen(void *impl)
{
	struct usbdev *u = impl;
	char path[32];
	snprintf(path, sizeof(path), "%s", u->path);
	usb_detach(u);
	for (int waited = 0; waited < REOPEN_WAIT_MS; waited += 100) {
		if (!usb_attach(u, path))
			return 0;
		usleep(100 * 1000);
	}
	return mtkfw_fail(u->ctx, MTKFW_E_DISCONNECTED, "USB %s did not come back", path);
}

static void usb_close(void *impl)
{
	struct usbdev *u = impl;
	usb_detach(u);
	if (u->lc)
		libusb_exit(u->lc);
	free(u);
}

static const struct mtkfw_transport_ops usb_ops = {
	.name = "usb",
	.read = usb_read,
	.write = usb_write,
	.reopen = usb_reopen,
	.close = usb_close,
};

int mtkfw_usb_open(struct mtkfw_ctx *ctx, const char *usb_path, struct mtkfw_transport **out)
{
	struct usbdev *u = calloc(1, sizeof(*u));
	if (!u)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	u->ctx = ctx;
	int e = libusb_init(&u->lc), r;
	if (e) {
		r = mtkfw_fail(ctx, MTKFW_E_NO_DEVICE, "libusb cannot start: %s",
			       libusb_strerror(e));
		u->lc = NULL;
	} else {
		r = usb_attach(u, usb_path);
	}
	if (!r)
		r = mtkfw_transport_new(ctx, &usb_ops, u, out);
	if (r)
		usb_close(u);
	return r;
}
