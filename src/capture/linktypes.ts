/**
 * Short names of link types as capinfos/tshark print them, for summaries only (decoding
 * dispatch lives in decode/registry.ts). https://www.tcpdump.org/linktypes.html
 * @module capture/linktypes
 */

/** LINKTYPE_* value → Wireshark's short encapsulation name. */
export const LINKTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'null'],
  [1, 'ether'],
  [6, 'tr'],
  [8, 'slip'],
  [9, 'ppp'],
  [10, 'fddi-swapped'],
  [12, 'rawip'],
  [14, 'rawip'],
  [50, 'ppp'],
  [101, 'rawip'],
  [104, 'chdlc'],
  [105, 'ieee-802-11'],
  [108, 'null'],
  [113, 'linux-sll'],
  [119, 'prism'],
  [127, 'ieee-802-11-radiotap'],
  [192, 'ppi'],
  [228, 'rawip4'],
  [229, 'rawip6'],
  [226, 'ipnet'],
  [231, 'dbus'],
  [239, 'nflog'],
  [242, 'ip-ib'],
  [253, 'netlink'],
  [258, 'pktap'],
  [271, 'vsock'],
  [274, 'ether-mpacket'],
  [276, 'linux-sll2'],
]);

/** Short name for a link type, `dlt-N` when unknown here. */
export function linkTypeName(linkType: number): string {
  return LINKTYPE_NAMES.get(linkType) ?? `dlt-${linkType}`;
}
