/**
 * `monitor --save DIR --rotate BYTES --keep N`: every frame read is written, as read, to rotating
 * pcapng files, so the packets behind each alert can be opened in Wireshark. Each file holds a
 * contiguous range of frames; an alert names the file and the frame number inside it.
 * @module cli/evidence-saver
 */
import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pcapngInterface, pcapngPacket, pcapngSectionHeader } from '../capture/index.js';
import type { Frame } from '../core/index.js';
import { EgressVerifyError } from '../core/index.js';

/** Where a frame was saved: the file's name and the frame's 1-based number in it (Wireshark's). */
export interface SavedAt {
  readonly file: string;
  readonly frame: number;
}

/** The save folder cannot be written. */
export class SaveError extends EgressVerifyError {
  readonly code = 'E_SAVE';
}

interface SavedFile {
  readonly name: string;
  readonly firstFrame: number;
  lastFrame: number;
}

/** Rotating pcapng writer of the frames read. */
export class EvidenceSaver {
  readonly #dir: string;
  readonly #rotateBytes: number;
  readonly #keep: number;
  #fd = -1;
  #bytes = 0;
  #index = 0;
  /** Link type → interface id in the current file. */
  #ifaces = new Map<number, number>();
  readonly #files: SavedFile[] = [];

  constructor(dir: string, rotateBytes: number, keep: number) {
    this.#dir = dir;
    this.#rotateBytes = rotateBytes;
    this.#keep = Math.max(1, keep);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new SaveError(`${dir}: cannot create the save folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
  }

  /** Writes one frame (call for every frame, in order). */
  write(f: Frame): void {
    if (this.#fd < 0 || this.#bytes >= this.#rotateBytes) this.#open(f.frame);
    let iface = this.#ifaces.get(f.linkType);
    if (iface === undefined) {
      iface = this.#ifaces.size;
      this.#ifaces.set(f.linkType, iface);
      this.#put(pcapngInterface(f.linkType));
    }
    this.#put(pcapngPacket(iface, f.tsNs, f.data, f.originalLength));
    this.#files[this.#files.length - 1]!.lastFrame = f.frame;
  }

  /** Where frame `frame` (pipeline numbering) was saved, if its file is still kept. */
  where(frame: number): SavedAt | null {
    for (const s of this.#files) {
      if (frame >= s.firstFrame && frame <= s.lastFrame) return { file: s.name, frame: frame - s.firstFrame + 1 };
    }
    return null;
  }

  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  #open(firstFrame: number): void {
    this.close();
    this.#index++;
    const name = `egress-verify-${String(this.#index).padStart(5, '0')}.pcapng`;
    try {
      this.#fd = openSync(join(this.#dir, name), 'w');
    } catch (e) {
      throw new SaveError(`${join(this.#dir, name)}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
    this.#bytes = 0;
    this.#ifaces = new Map();
    this.#files.push({ name, firstFrame, lastFrame: firstFrame - 1 });
    this.#put(pcapngSectionHeader());
    while (this.#files.length > this.#keep) {
      const old = this.#files.shift()!;
      try {
        unlinkSync(join(this.#dir, old.name));
      } catch {
        // already gone: nothing to keep
      }
    }
  }

  #put(b: Uint8Array): void {
    writeSync(this.#fd, b);
    this.#bytes += b.length;
  }
}

/** Files of an earlier run in `dir` (the saver numbers from 1 again and would overwrite them). */
export function existingSaves(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /^egress-verify-\d{5}\.pcapng$/.test(n));
  } catch {
    return [];
  }
}
