/**
 * Which offers' emails went out (implemented on DynamoDB by functions/adapters/dynamo/offer-mails.ts).
 * An offer is emailed only while it is still pending when its event is handled (send-offer-email.ts): one
 * taken or withdrawn before that never reached its specialist, who must then not be told that it is no
 * longer needed or withdrawn (tell-specialists.ts, tell-withdrawn.ts).
 */
export interface OfferMails {
  /** Records that the email of this offer went out; kept a while after `until` (the offer's end). */
  sent(offerId: string, until: Date): Promise<void>;
  /** Whether the email of this offer went out. */
  wasSent(offerId: string): Promise<boolean>;
}
