/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SP Flash Tool error names for mtkfw failures: what users search for, and
 * the usual fix (docs/troubleshooting.md).
 * Matched on the error code and the device step it happened in.
 */
#include <string.h>

#include "job_priv.h"
#include "mtkfw/job.h"

static const struct mtkfw_spft table[] = {
	{MTKFW_E_PERMISSION, NULL, 1003, "S_COM_PORT_OPEN_FAIL",
	 "install udev/60-mtkfw.rules (or join the 'dialout' group) and re-plug the phone"},
	{MTKFW_E_NO_DEVICE, NULL, 1013, "S_COM_PORT_OPEN_FAIL",
	 "power the phone off, hold Volume Down and plug it in; try another cable or USB port"},
	{MTKFW_E_UNSUPPORTED, "handshake", 1040, "S_UNSUPPORTED_OPERATION",
	 "this is not an MT6572-family phone: use the tool and firmware for its chip"},
	{MTKFW_E_TIMEOUT, "handshake", 2006, "S_BROM_CMD_STARTCMD_TIMEOUT",
	 "unplug, power the phone off (battery in), hold Volume Down and plug in again"},
	{MTKFW_E_HANDSHAKE, NULL, 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the phone powered up too early or is not in download mode: unplug, power off, hold "
	 "Volume Down, plug in"},
	{0, "hw-code", 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the phone answered the start sequence but not GET_HW_CODE: unplug it, take the battery "
	 "out for a few seconds, and connect again"},
	{0, "watchdog", 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the boot ROM did not take the watchdog write: connect again within a few seconds of "
	 "plugging in (it resets the phone otherwise)"},
	{0, "target-config", 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the phone stopped answering while it was asked its security settings: connect again"},
	{0, "versions", 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the phone stopped answering while it was asked its versions: connect again"},
	{0, "me-id", 2005, "S_BROM_CMD_STARTCMD_FAIL",
	 "the boot ROM did not give its ME_ID: connect again; a preloader that ignores it is "
	 "fine, a boot ROM should answer"},
	{0, "send-da", 2004, "S_BROM_DOWNLOAD_DA_FAIL",
	 "use the DA file matching this phone, another cable or port, keep the battery in"},
	{MTKFW_E_DRAM, NULL, 4032, "S_FT_ENABLE_DRAM_FAIL",
	 "use the preloader of this phone's own firmware (its EMI table must list the phone's "
	 "eMMC); never flash a foreign preloader"},
	{0, "jump-da", 2004, "S_BROM_DOWNLOAD_DA_FAIL",
	 "the DA was sent but did not start: use the DA file matching this phone"},
	{0, "da-sync", 4001, "S_FT_DA_NO_RESPONSE",
	 "the DA did not start: wrong DA file, or a drained battery; charge it and retry"},
	{MTKFW_E_DA_FILE, NULL, 5002, "S_INVALID_DA_FILE",
	 "use MTK_AllInOne_DA.bin from an SP Flash Tool that supports this chip"},
	{MTKFW_E_SECURITY, NULL, 6000, "S_SECURITY_*",
	 "secure-boot phones need the vendor's signed images and authentication files"},
	{MTKFW_E_LAYOUT, NULL, 8038, "PMT changed for the ROM; it must be downloaded",
	 "use --mode upgrade (keeps NVRAM) or format-all; mtkfw backs the identity up first"},
	{MTKFW_E_CHECKSUM, "write", 4009, "S_FT_DOWNLOAD_CHKSUM_MISMATCH",
	 "a packet was damaged on the link: other cable or port, then 'mtkfw flash --resume'"},
	{0, "write", 4008, "S_FT_DOWNLOAD_FAIL",
	 "other cable or port, battery charged; 'mtkfw flash --resume' continues"},
	{0, "read", 4010, "S_FT_READBACK_FAIL", "other cable or port; check the range"},
	{MTKFW_E_MISMATCH, "verify", 4008, "S_FT_DOWNLOAD_FAIL",
	 "what was written did not read back the same: other cable or port, then flash again; "
	 "if it persists the eMMC is failing"},
	{0, "format", 4011, "S_FT_FORMAT_FAIL", "check the range; the eMMC may be failing"},
	{MTKFW_E_DEVICE_STORAGE, "flash-info", 3179, "S_DA_EMMC_FLASH_NOT_FOUND",
	 "the DA could not use the phone's eMMC and nothing was written: reconnect with a charged "
	 "battery; if it repeats, the eMMC is dead or unpowered (a board repair)"},
	{MTKFW_E_DEVICE_STORAGE, NULL, 4008, "S_FT_DOWNLOAD_FAIL",
	 "the eMMC refused a write: it may be worn out or damaged"},
	{MTKFW_E_TIMEOUT, NULL, 4001, "S_FT_DA_NO_RESPONSE",
	 "the phone stopped answering: charged battery in, other cable or port"},
	{MTKFW_E_DISCONNECTED, NULL, 4001, "S_FT_DA_NO_RESPONSE",
	 "the phone disconnected: check the cable; 'mtkfw flash --resume' continues a flash"},
	{MTKFW_E_PROTOCOL, NULL, 4004, "S_FT_DA_INIT_SYNC_ERROR",
	 "unexpected reply: other cable or port, the right DA file"},
};

/* What to do after a failure SP Flash Tool has no number for: mtkfw's own refusals. */
static const struct {
	int code;
	const char *fix;
} own[] = {
	{MTKFW_E_INCOMPATIBLE,
	 "use a package built for this phone's board ('mtkfw compat' names each difference); flash "
	 "past a stop line only when you know the boards are the same (--force-compat WHAT)"},
	{MTKFW_E_IDENTITY,
	 "nothing was written: the phone's identity partitions could not be located or would be "
	 "lost (docs/identity.md); give its own layout with --layout-from (a backup or scatter of "
	 "this phone) or restore its identity backup first"},
	{MTKFW_E_REFUSED, "the message names what was refused and the option that allows it"},
	{MTKFW_E_CANCELLED,
	 "stopped at your request: 'mtkfw flash --resume' (Resume in the window) "
	 "continues a flash where it stopped"},
	{MTKFW_E_FORMAT, "a file is damaged or of another kind: 'mtkfw check PKG' lists every "
			 "finding"},
	{MTKFW_E_NOT_PACKAGE, "choose a firmware folder, a ZIP, 7z or tar archive, or a scatter "
			      "file"},
	{MTKFW_E_AMBIGUOUS, "choose one phone with --port or --usb"},
	{MTKFW_E_IO, "check the file or folder named: it exists, can be read and written, and the "
		     "disk has room"},
};

const char *job_fix(int code, const struct mtkfw_spft *s)
{
	if (s)
		return s->fix;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (own[i].code == code)
			return own[i].fix;
	return NULL;
}

const struct mtkfw_spft *mtkfw_spft_find(int code, const char *step)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct mtkfw_spft *e = &table[i];
		if ((e->code && e->code != code) || (e->step && (!step || strcmp(e->step, step))))
			continue;
		return e;
	}
	return NULL;
}
