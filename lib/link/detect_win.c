/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finding the phone on Windows: the present serial ports (SetupAPI's Ports
 * class) whose hardware id is USB\VID_0E8D&PID_0003 (BROM), 2000 (preloader)
 * or 2001 (DA), with the COM name Windows gave each (usbser.sys binds the
 * CDC-ACM interface: docs/windows.md).
 */
#include <windows.h>

#include <devguid.h>
#include <setupapi.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/device.h"

/* The VID and PID of a hardware id such as "USB\VID_0E8D&PID_2000&REV_0100". */
static bool ids(const char *hw, unsigned *vid, unsigned *pid)
{
	const char *v = strstr(hw, "VID_"), *p = strstr(hw, "PID_");
	return v && p && sscanf(v + 4, "%4x", vid) == 1 && sscanf(p + 4, "%4x", pid) == 1;
}

int mtkfw_detect_ports(struct mtkfw_ctx *ctx, struct mtkfw_port *ports, size_t max, size_t *n)
{
	HDEVINFO set = SetupDiGetClassDevsA(&GUID_DEVCLASS_PORTS, NULL, NULL, DIGCF_PRESENT);
	*n = 0;
	if (set == INVALID_HANDLE_VALUE)
		return mtkfw_fail(ctx, MTKFW_E_NO_DEVICE,
				  "cannot list the serial ports (SetupAPI)");
	SP_DEVINFO_DATA dev = {.cbSize = sizeof(dev)};
	for (DWORD i = 0; SetupDiEnumDeviceInfo(set, i, &dev); i++) {
		char hw[512] = "", name[64] = "";
		unsigned vid = 0, pid = 0;
		if (!SetupDiGetDeviceRegistryPropertyA(set, &dev, SPDRP_HARDWAREID, NULL,
						       (BYTE *)hw, sizeof(hw) - 1, NULL) ||
		    !ids(hw, &vid, &pid) || vid != 0x0e8d ||
		    (pid != 0x0003 && pid != 0x2000 && pid != 0x2001))
			continue;
		HKEY key =
			SetupDiOpenDevRegKey(set, &dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ);
		DWORD len = sizeof(name) - 1, type = 0;
		if (key != INVALID_HANDLE_VALUE) {
			RegQueryValueExA(key, "PortName", NULL, &type, (BYTE *)name, &len);
			RegCloseKey(key);
		}
		if (*n < max) {
			struct mtkfw_port *p = &ports[*n];
			memset(p, 0, sizeof(*p));
			snprintf(p->usb_path, sizeof(p->usb_path), "%s", name[0] ? name : "usb");
			p->vid = (uint16_t)vid;
			p->pid = (uint16_t)pid;
			p->mode = pid == 0x0003	  ? MTKFW_PORT_BROM
				  : pid == 0x2000 ? MTKFW_PORT_PRELOADER
						  : MTKFW_PORT_DA;
			snprintf(p->tty, sizeof(p->tty), "%s", name);
		}
		(*n)++;
	}
	SetupDiDestroyDeviceInfoList(set);
	return 0;
}
