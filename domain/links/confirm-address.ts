import { isApproved, type Specialist, specialistVersion } from '../directory/model.ts';
import { DomainError } from '../errors.ts';
import type { Clock, SpecialistStore } from '../ports.ts';
import { addressLinkState, type LinkRef, LinkRefusedError, type LinkState } from './link-state.ts';

/** What the address link needs: the directory and the clock. */
export interface AddressLinkDeps {
  readonly specialists: SpecialistStore;
  readonly clock: Clock;
}

/** What an address link shows: its state, and the specialist's locale and standing when it names one. */
export interface AddressLinkView {
  readonly state: LinkState;
  readonly specialist?: Specialist;
}

/** `GET /o/{token}/address`: what the link can do now (reading only). */
export async function viewAddressLink(deps: AddressLinkDeps, link: LinkRef): Promise<AddressLinkView> {
  if (link.purpose !== 'address') return { state: 'invalid' };
  const s = await deps.specialists.get(link.offerId);
  return { state: addressLinkState(s, link.referralId), ...(s ? { specialist: s } : {}) };
}

/**
 * `POST /o/{token}/address`: the specialist confirms that the address the link was sent to reaches
 * them. Works once, and only for the address the entry still has; refused otherwise (nothing changes),
 * as every link is, by its state. Offers reach the entry once an admin has approved it too.
 */
export async function confirmAddress(
  deps: AddressLinkDeps,
  link: LinkRef,
): Promise<{ specialist: Specialist; eligible: boolean }> {
  // One retry: a coordinator's change of another field may land between the read and the write.
  for (let attempt = 1; ; attempt++) {
    const { state, specialist: s } = await viewAddressLink(deps, link);
    if (state !== 'open' || !s) throw new LinkRefusedError(state === 'open' ? 'invalid' : state);
    const version = specialistVersion(s);
    const next: Specialist = {
      ...s,
      addressConfirmed: true,
      version: version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    try {
      await deps.specialists.save(next, version);
      return { specialist: next, eligible: isApproved(next) };
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind !== 'conflict' || attempt >= 3) throw err;
    }
  }
}
