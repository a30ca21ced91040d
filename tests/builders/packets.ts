/**
 * Byte builders for every layer the decoders know (STYLE rule 10): each takes its payload first and
 * one option per header field, with hex-commented defaults. Compose them inside out:
 *
 *   ethernet(ipv4(tcp({ dstPort: 443 }), { dst: '93.184.216.34' }))
 *   ethernet(ipv4(udp({ dstPort: 4789, payload: vxlan(ethernet(ipv6(udp()))) })))
 *
 * Checksums: the IPv4 header checksum is computed; TCP/UDP/ICMP/GRE checksums are left 0 (the
 * decoders do not verify them). Everything returns a fresh Uint8Array.
 * @module tests/builders/packets
 */
export * from './packets/bytes.js';
export * from './packets/link.js';
export * from './packets/ip.js';
export * from './packets/transport.js';
export * from './packets/tunnel.js';
export * from './packets/fragment.js';
export * from './packets/frame.js';
