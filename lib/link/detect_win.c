/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finding the phone on Windows: the present serial ports (SetupAPI's Ports
 * class) whose hardware id is USB\VID_0E8D&PID_0003 (BROM), 2000 (preloader)
 * or 2001 (DA), with the COM name Windows gave each (usbser.sys binds the
 * CDC-ACM interface: docs/windows.md). Slots (slots_win.c) list the same ports.
 */
#include <windows.h>

#include <cfgmgr32.h>
#include <devguid.h>
#include <setupapi.h>
#include <stdio.h>
#include <string.h>

#include "detect_win.h"
#include "internal.h"
#include "link_priv.h"
#include "mtkfw/device.h"

/* The VID and PID of a hardware id such as "USB\VID_0E8D&PID_2000&REV_0100". */
static bool ids(const char *hw, unsigned *vid, unsigned *pid)
{
	const char *v = strstr(hw, "VID_"), *p = strstr(hw, "PID_");
	return v && p && sscanf(v + 4, "%4x", vid) == 1 && sscanf(p + 4, "%4x", pid) == 1;
}

/* The COM name ("COM5") the device's registry key gives, into name ("" if none). */
static void com_name(HDEVINFO set, SP_DEVINFO_DATA *dev, char *name, DWORD size)
{
	HKEY key = SetupDiOpenDevRegKey(set, dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ);
	DWORD len = size - 1, type = 0;
	memset(name, 0, size);
	if (key == INVALID_HANDLE_VALUE)
		return;
	if (RegQueryValueExA(key, "PortName", NULL, &type, (BYTE *)name, &len) != ERROR_SUCCESS ||
	    type != REG_SZ)
		name[0] = 0;
	name[size - 1] = 0;
	RegCloseKey(key);
}

int mtkfw_win_mtk_ports(struct mtkfw_ctx *ctx, mtkfw_win_port_cb fn, void *user)
{
	HDEVINFO set = SetupDiGetClassDevsA(&GUID_DEVCLASS_PORTS, NULL, NULL, DIGCF_PRESENT);
	if (set == INVALID_HANDLE_VALUE)
		return mtkfw_fail(ctx, MTKFW_E_NO_DEVICE,
				  "cannot list the serial ports (SetupAPI)");
	SP_DEVINFO_DATA dev = {.cbSize = sizeof(dev)};
	int rc = 0;
	for (DWORD i = 0; !rc && SetupDiEnumDeviceInfo(set, i, &dev); i++) {
		char hw[512] = "", name[64];
		unsigned vid = 0, pid = 0;
		enum mtkfw_port_mode mode;
		if (!SetupDiGetDeviceRegistryPropertyA(set, &dev, SPDRP_HARDWAREID, NULL,
						       (BYTE *)hw, sizeof(hw) - 1, NULL) ||
		    !ids(hw, &vid, &pid) || !mtkfw_port_mode_of(vid, pid, &mode))
			continue;
		com_name(set, &dev, name, sizeof(name));
		rc = fn(user, set, &dev, name, pid, mode);
	}
	SetupDiDestroyDeviceInfoList(set);
	return rc;
}

/* What mtkfw_detect_ports fills, and how far. */
struct port_list {
	struct mtkfw_port *ports;
	size_t max, *n;
};

/* One port into the caller's list (counted beyond max too). */
static int list_port(void *user, HDEVINFO set, SP_DEVINFO_DATA *dev, const char *com, unsigned pid,
		     enum mtkfw_port_mode mode)
{
	struct port_list *l = user;
	(void)set;
	(void)dev;
	if (*l->n < l->max) {
		struct mtkfw_port *p = &l->ports[*l->n];
		memset(p, 0, sizeof(*p));
		snprintf(p->usb_path, sizeof(p->usb_path), "%s", com[0] ? com : "usb");
		p->vid = 0x0e8d;
		p->pid = (uint16_t)pid;
		p->mode = mode;
		snprintf(p->tty, sizeof(p->tty), "%s", com);
	}
	(*l->n)++;
	return 0;
}

int mtkfw_detect_ports(struct mtkfw_ctx *ctx, struct mtkfw_port *ports, size_t max, size_t *n)
{
	struct port_list l = {ports, max, n};
	*n = 0;
	return mtkfw_win_mtk_ports(ctx, list_port, &l);
}

/* A registry property of the device as text into out ("" when it has none). */
static void dev_text(HDEVINFO set, SP_DEVINFO_DATA *dev, DWORD prop, char *out, DWORD size)
{
	memset(out, 0, size);
	if (!SetupDiGetDeviceRegistryPropertyA(set, dev, prop, NULL, (BYTE *)out, size - 1, NULL))
		out[0] = 0;
}

/* Is the device Windows's "Unknown USB Device (Device Descriptor Request Failed)"? */
static bool descriptor_failed(HDEVINFO set, SP_DEVINFO_DATA *dev, const char *hw)
{
	char inst[512] = "";
	if (strstr(hw, "DEVICE_DESCRIPTOR_FAILURE"))
		return true;
	return SetupDiGetDeviceInstanceIdA(set, dev, inst, sizeof(inst), NULL) &&
	       strstr(inst, "VID_0000&PID_0002");
}

bool mtkfw_win_mtk_strays(struct mtkfw_win_stray *out, size_t max, size_t *n)
{
	HDEVINFO set = SetupDiGetClassDevsA(NULL, "USB", NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
	SP_DEVINFO_DATA dev = {.cbSize = sizeof(dev)};
	enum mtkfw_port_mode mode;
	*n = 0;
	for (DWORD i = 0; set != INVALID_HANDLE_VALUE && SetupDiEnumDeviceInfo(set, i, &dev); i++) {
		struct mtkfw_win_stray s = {0};
		char hw[512];
		ULONG status = 0, problem = 0;
		dev_text(set, &dev, SPDRP_HARDWAREID, hw, sizeof(hw));
		if (descriptor_failed(set, &dev, hw))
			s.vid = 0, s.pid = 2;
		else if (!ids(hw, &s.vid, &s.pid) || s.vid != 0x0e8d ||
			 !mtkfw_port_mode_of(s.vid, s.pid, &mode))
			continue;
		dev_text(set, &dev, SPDRP_CLASS, s.cls, sizeof(s.cls));
		dev_text(set, &dev, SPDRP_SERVICE, s.service, sizeof(s.service));
		if (CM_Get_DevNode_Status(&status, &problem, dev.DevInst, 0) == CR_SUCCESS &&
		    (status & DN_HAS_PROBLEM))
			s.problem = problem;
		if (!_stricmp(s.service, "usbccgp") || (!_stricmp(s.cls, "Ports") && !s.problem))
			continue; /* a composite parent (its interfaces are listed), or a working
				     port */
		if (*n < max)
			out[*n] = s;
		(*n)++;
	}
	if (set == INVALID_HANDLE_VALUE)
		return false;
	SetupDiDestroyDeviceInfoList(set);
	return true;
}
