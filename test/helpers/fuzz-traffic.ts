/**
 * Good traffic through a node under fuzzing: documents sent through the agency API (AgencyClient, as
 * agencies' software sends them) from the province to the node under test and back, each one
 * received at its recipient over the agency API and acknowledged. Runs once on demand (after a
 * batch) or as a loop alongside the hostile input (during a batch).
 */
import { waitFor } from '../../scripts/lib/wait-for.js';
import type { AgencyClient } from '../../src/client/agency-client.js';
import { PROVINCE_AGENCY, TARGET_AGENCY, type FuzzTarget } from './fuzz-network.js';

export class GoodTraffic {
  private readonly clients = new Map<string, AgencyClient>();
  private loop: Promise<void> | null = null;
  private running = false;
  private firstError: unknown = null;
  /** Documents that went end to end. */
  delivered = 0;

  constructor(private readonly target: FuzzTarget) {}

  private client(code: string): AgencyClient {
    let c = this.clients.get(code);
    if (!c) {
      c = this.target.client(code);
      this.clients.set(code, c);
    }
    return c;
  }

  /** One document each way, each received and acknowledged by its recipient. */
  async once(label: string): Promise<void> {
    await this.endToEnd(PROVINCE_AGENCY, TARGET_AGENCY, `${label}: tỉnh gửi huyện`);
    await this.endToEnd(TARGET_AGENCY, PROVINCE_AGENCY, `${label}: huyện gửi tỉnh`);
  }

  private async endToEnd(from: string, to: string, subject: string): Promise<void> {
    const body = Buffer.from(`Công văn thử nghiệm: ${subject}`);
    const sent = await this.client(from).send({ from, to: [to], priority: 1, document: { subject, documentType: 'Công văn' }, body });
    const item = await waitFor(`"${subject}" (${sent.messageId}) in the inbox of ${to}`, async () =>
      (await this.client(to).inbox(to)).find((i) => i.message?.id === sent.messageId),
    );
    if (!item.message!.body.equals(body)) throw new Error(`"${subject}" arrived with another body`);
    await this.client(to).acknowledge(to, [sent.messageId]);
    this.delivered++;
  }

  /** Sends documents back to back (paced) until `stop()`. */
  start(label: string): void {
    this.running = true;
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        try {
          await this.once(`${label} #${i}`);
        } catch (err) {
          this.firstError ??= err;
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  }

  /** Stops the loop; throws when a document did not go end to end while it ran. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
    if (this.firstError) throw new Error(`good traffic failed during the fuzzing: ${(this.firstError as Error).message}`, { cause: this.firstError });
  }
}
