import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';

/*
 * A country, the one rule for every field that names one: an organisation's (`/v1/organisations`, its
 * page) and a specialist's (`/v1/specialists`, the directory pages, the HSDS import).
 */

const MESSAGE = 'must be an ISO 3166-1 alpha-2 code such as "LU"';

/**
 * ISO 3166-1 alpha-2, as ICU knows it: `LU`, `BE`; not `QQ` nor `ZZ`. The form is checked first and
 * stops the check (`abort`): ICU throws a RangeError for what is not a region code at all (`LUX`, `12`),
 * which would be a 500. The region names are made with the schema, on its first use: made at module
 * load, they cost the api's cold start about 15 ms of CPU (ICU's display-name data).
 */
export const countryCode = lazySchema(() => {
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  return z.string().check(
    z.regex(/^[A-Z]{2}$/, { message: MESSAGE, abort: true }),
    z.refine((code) => {
      const name = regions.of(code);
      return name !== undefined && name !== code && name !== 'Unknown Region';
    }, MESSAGE),
  );
});
