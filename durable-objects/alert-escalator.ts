/**
 * One AlertEscalator per incident: it notifies the first escalation step when the incident opens,
 * then sleeps on a Durable Object alarm; when the alarm fires and nobody has acknowledged, it
 * notifies the next step. Acknowledging or resolving deletes the alarm (and the step re-checks D1,
 * so a late alarm after an ack sends nothing). Keyed by incident id, so no object is a hot spot.
 */
import { DurableObject } from "cloudflare:workers";
import { type IncidentRef, runEscalationStep } from "../workers/alerts/escalation";

interface EscalationState {
  ref: IncidentRef;
  /** The step notified last. */
  step: number;
  stopped: boolean;
}

export class AlertEscalator extends DurableObject<Env> {
  private get state(): EscalationState | undefined {
    return this.ctx.storage.kv.get<EscalationState>("state");
  }

  private save(state: EscalationState): void {
    this.ctx.storage.kv.put("state", state);
  }

  private async runStep(state: EscalationState, step: number): Promise<void> {
    const waitMinutes = await runEscalationStep(this.env, state.ref, step);
    this.save({ ...state, step });
    if (waitMinutes === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Date.now() + waitMinutes * 60_000);
  }

  /** Notifies step 0 and arms the alarm for step 1; a second call for the same incident does nothing. */
  async start(ref: IncidentRef): Promise<void> {
    if (this.state) return;
    const state: EscalationState = { ref, step: 0, stopped: false };
    this.save(state);
    await this.runStep(state, 0);
  }

  /** Stops escalating (acknowledged or resolved). */
  async stop(): Promise<void> {
    const state = this.state;
    if (state) this.save({ ...state, stopped: true });
    await this.ctx.storage.deleteAlarm();
  }

  /** The step notified last and whether escalation is still armed, for operators and tests. */
  async status(): Promise<{ step: number; stopped: boolean; nextAlarmAt: number | null }> {
    const state = this.state;
    return {
      step: state?.step ?? -1,
      stopped: state?.stopped ?? false,
      nextAlarmAt: await this.ctx.storage.getAlarm(),
    };
  }

  override async alarm(): Promise<void> {
    const state = this.state;
    if (!state || state.stopped) return;
    await this.runStep(state, state.step + 1);
  }
}
