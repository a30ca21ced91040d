/**
 * Packets → bidirectional flows in Zeek conn.log semantics.
 * @module flow
 */
export type * from './types.js';
export { FlowTable } from './table.js';
export { communityId, type CommunityIdTuple } from './community-id.js';
export { flowUid, proxiedUid, tunnelUid } from './uid.js';
export { protoName, IP_PROTO_NAMES } from './registry.js';
export { icmpCounterpart } from './icmp.js';
export { seqDelta, TH_ACK, TH_SYN } from './tcp-endpoint.js';
