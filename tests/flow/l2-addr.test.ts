/**
 * orig_l2_addr / resp_l2_addr (Zeek's mac-logging): the source MAC of each end's first packet that
 * had one, with roles as the flow has them (a flow whose first packet is a SYN-ACK is flipped),
 * and the table's onL2Source hook, called once per end.
 */
import { describe, expect, it } from 'vitest';
import { withLimits } from '../../src/core/index.js';
import { FlowTable } from '../../src/flow/index.js';
import { ACK, SYN, tcpPacket, udpPacket } from '../builders/flow-packets.js';
import { oneFlow } from './helpers.js';

const A = 0xa483e70f1e2d; // a4:83:e7:0f:1e:2d, the client's NIC
const G = 0x001122334455; // 00:11:22:33:44:55, its gateway

describe('flow link-layer addresses', () => {
  it.each([
    {
      name: 'both ends from their first packets',
      pkts: [
        tcpPacket({ frame: 1, flags: SYN, srcMac: A }),
        tcpPacket({ frame: 2, src: '192.0.2.10', dst: '10.0.0.1', sport: 443, dport: 40000, flags: SYN | ACK, srcMac: G }),
      ],
      orig: 'a4:83:e7:0f:1e:2d', resp: '00:11:22:33:44:55',
    },
    {
      name: 'a flipped flow (SYN-ACK first): the MACs follow the roles',
      pkts: [
        tcpPacket({ frame: 1, src: '192.0.2.10', dst: '10.0.0.1', sport: 443, dport: 40000, flags: SYN | ACK, srcMac: G }),
        tcpPacket({ frame: 2, flags: ACK, srcMac: A }),
      ],
      orig: 'a4:83:e7:0f:1e:2d', resp: '00:11:22:33:44:55',
    },
    {
      name: 'the first packet with a MAC counts (mixed link types)',
      pkts: [udpPacket({ frame: 1 }), udpPacket({ frame: 2, srcMac: A }), udpPacket({ frame: 3, srcMac: G })],
      orig: 'a4:83:e7:0f:1e:2d', resp: undefined,
    },
    { name: 'no link-layer address at all (raw IP)', pkts: [udpPacket({ frame: 1 }), udpPacket({ frame: 2, src: '192.0.2.10', dst: '10.0.0.1', sport: 53, dport: 50000 })], orig: undefined, resp: undefined },
  ])('$name', ({ pkts, orig, resp }) => {
    const r = oneFlow(pkts);
    expect(r.origL2Addr).toBe(orig);
    expect(r.respL2Addr).toBe(resp);
  });

  it('onL2Source is called once per end, with that end\'s address and the IP version', () => {
    const seen: string[] = [];
    const t = new FlowTable(withLimits({}), { onL2Source: (mac, ip, v) => seen.push(`${mac.toString(16)} ${ip} v${v}`) });
    for (let i = 1; i <= 6; i++) {
      const fromClient = i % 2 === 1;
      t.observe(fromClient
        ? udpPacket({ frame: i, src: '2001:db8::5', dst: '2001:db8:80::1', sport: 5000, dport: 53, srcMac: A })
        : udpPacket({ frame: i, src: '2001:db8:80::1', dst: '2001:db8::5', sport: 53, dport: 5000, srcMac: G }));
    }
    t.flush();
    expect(seen).toEqual(['a483e70f1e2d 2001:db8::5 v6', '1122334455 2001:db8:80::1 v6']);
  });
});
