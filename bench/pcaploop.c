/* pcaploop.c - the floor for `make bench`: a plain libpcap read loop that
 * touches every frame's first byte and nothing else. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	if (argc != 2)
		return 2;
	pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct pcap_pkthdr *h;
	const unsigned char *d;
	unsigned long long n = 0, sum = 0;
	while (pcap_next_ex(p, &h, &d) == 1) {
		n++;
		sum += d[0];
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%-28s %9llu frames  %7.3f s wall  %6.3f M frames/s  (checksum %llu)\n",
	       "plain libpcap read loop", n, s, (double)n / s / 1e6, sum);
	pcap_close(p);
	return 0;
}
