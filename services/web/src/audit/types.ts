/** GET /api/v1/audit/appeals/{id}/history: every stored event. */
export interface HistoryEvent {
  id: string;
  type: string;
  position: number;
  globalPosition: number;
  time: string;
  actor: { id: string; role: string; agencyId?: string } | null;
  service: string | null;
  correlationId: string | null;
  causationId: string | null;
  data: Record<string, unknown>;
}
export interface History {
  appealId: string;
  events: HistoryEvent[];
}

/** GET /api/v1/audit/appeals/{id}/state?at=: the decider's state replayed as of a moment. */
export interface StateAt {
  appealId: string;
  at: string;
  eventsApplied: number;
  lastEvent: { type: string; time: string } | null;
  state: {
    status: string;
    agencyId?: string;
    registeredAt?: string;
    deadline?: { dueOn: string; dueAt: string; termDays: number; regime: string };
    forwardBy?: string;
    executorIds?: string[];
    leadExecutorId?: string;
    hearing?: { held: boolean; heldAt?: string; reason?: string };
    extended?: boolean;
    drafts?: Record<string, { approved: boolean; answerCharacter: string }>;
    answer?: { sentAt: string; answerCharacter: string };
    rating?: { score: number };
    deemedRefused?: boolean;
  };
}
