/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Replay runner: feeds every file given (or found in given folders) to a
 * fuzz target's LLVMFuzzerTestOneInput, so ctest runs the committed corpus
 * with any compiler. Exit 0 when every input was handled without a crash.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned *count)
{
	struct stat st;
	if (stat(path, &st))
		return perror(path), 1;
	if (!S_ISDIR(st.st_mode))
		return (*count)++, run_file(path);
	DIR *d = opendir(path);
	struct dirent *de;
	int r = 0;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		r |= run_path(sub, count);
	}
	if (d)
		closedir(d);
	return r;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int r = 0;
	for (int i = 1; i < argc; i++)
		r |= run_path(argv[i], &count);
	printf("replayed %u inputs\n", count);
	return r || !count;
}
