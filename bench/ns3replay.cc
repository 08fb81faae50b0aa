// ns3replay.cc - the ns-3 side of `make bench` (issue 10: "speed measured
// side by side with a plain libpcap loop and with ns-3 in one run").
//
// The same capture replayed through ns-3 3.37 as Debian ships it: two nodes
// on one CSMA (Ethernet) channel at the given rate, no propagation delay.
// Each captured frame, read with libpcap, becomes an ns-3 Packet of its
// bytes after the Ethernet header, handed to the sending CsmaNetDevice at
// its capture time with its own EtherType and the receiver's MAC address;
// the receiving device's callback counts it. So ns-3 does, per frame, what
// its own simplest wired path does: the application's send event, the
// device's queue and transmit state machine (TransmitStart, TransmitComplete,
// the channel's propagation end) and the receiving device's header removal
// and upcall. That is one hop and no host: far less than nicshare models per
// frame (the NIC's DMA and interrupts, two OSes, the dispatcher), which is
// the point of the comparison.
//
// Usage: ns3replay CAPTURE [RATE]   (RATE an ns-3 DataRate, default 1Gbps)
// Prints one line: frames read, sent, refused by the queue, received.
// Exit 2 on a capture libpcap cannot open.
#include <cinttypes>
#include <cstdio>

#include "ns3/csma-helper.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

// after ns-3: pcap/bpf.h defines DLT_NULL and others as macros, which
// would break the enumeration of the same names in ns3/trace-helper.h
#include <pcap/pcap.h>

using namespace ns3;

namespace {

struct Replay {
	pcap_t *cap = nullptr;
	Ptr<NetDevice> tx, rx;
	uint64_t read = 0, sent = 0, refused = 0, received = 0;
	uint64_t first_ns = 0;

	// Read the next frame and schedule its send at its capture time (one
	// frame read ahead: the capture is never held in memory).
	void Next()
	{
		struct pcap_pkthdr *h;
		const u_char *d;
		if (pcap_next_ex(cap, &h, &d) != 1)
			return;
		uint64_t ns = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
		if (read++ == 0)
			first_ns = ns;
		uint32_t len = h->caplen;
		uint16_t type = len >= 14 ? (uint16_t)(d[12] << 8 | d[13]) : 0;
		Ptr<Packet> p = len > 14 ? Create<Packet>(d + 14, len - 14) : Create<Packet>(0);
		uint64_t at = ns > first_ns ? ns - first_ns : 0;
		Time when = NanoSeconds((int64_t)at);
		Time now = Simulator::Now();
		Simulator::Schedule(when > now ? when - now : Time(0), &Replay::Send, this, p, type);
	}

	void Send(Ptr<Packet> p, uint16_t type)
	{
		if (tx->Send(p, rx->GetAddress(), type))
			sent++;
		else
			refused++;
		Next();
	}

	bool Receive(Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address &)
	{
		received++;
		return true;
	}
};

}  // namespace

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		std::fprintf(stderr, "usage: ns3replay CAPTURE [RATE]\n");
		return 2;
	}
	char err[PCAP_ERRBUF_SIZE];
	Replay r;
	r.cap = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
	if (!r.cap) {
		std::fprintf(stderr, "ns3replay: %s\n", err);
		return 2;
	}
	NodeContainer nodes;
	nodes.Create(2);
	CsmaHelper csma;
	csma.SetChannelAttribute("DataRate", StringValue(argc == 3 ? argv[2] : "1Gbps"));
	csma.SetChannelAttribute("Delay", StringValue("0ns"));
	// a queue as deep as the capture may need: a frame refused would be a
	// frame ns-3 did less work for
	csma.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("100000p"));
	NetDeviceContainer devs = csma.Install(nodes);
	r.tx = devs.Get(0);
	r.rx = devs.Get(1);
	r.rx->SetReceiveCallback(MakeCallback(&Replay::Receive, &r));
	Simulator::ScheduleNow(&Replay::Next, &r);
	Simulator::Run();
	Simulator::Destroy();
	pcap_close(r.cap);
	std::printf("%" PRIu64 " read, %" PRIu64 " sent, %" PRIu64 " refused, %" PRIu64
	            " received\n",
	            r.read, r.sent, r.refused, r.received);
	return 0;
}
