import type { Context, ErrorHandler } from 'hono';
import { errorToProblem, type ProblemBody } from '../../edge/problem.ts';
import type { PagesAppDeps } from '../pages-parts.ts';
import { Layout, pageResponse, words } from './layout.tsx';
import { pageLocale } from './locale.ts';

/**
 * Errors on a page are shown as a page, never as a JSON problem in a browser: the same decision as the
 * API's (errorToProblem: status, title, which field was wrong), rendered in the page's language. The
 * problem's own title and detail stay as the API words them (English); the heading is translated.
 */
export function pageOnError(deps: PagesAppDeps): ErrorHandler {
  return async (err: Error, c: Context) => {
    const response = errorToProblem(err, { logger: c.get('logger'), requestId: c.get('requestId') });
    const problem = (await response.json().catch(() => ({}))) as Partial<ProblemBody>;
    // Before the session is read (sign-in, front door) nobody is signed in.
    const principal = c.get('principal') as ReturnType<typeof c.get<'principal'>> | undefined;
    const { locale } = await pageLocale(c, deps, principal).catch(() => ({ locale: 'en' as const }));
    const w = words(locale);
    const fields = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`);
    return pageResponse(
      c,
      <Layout title={w('staff.error.title')} locale={locale}>
        <h1>{w('staff.error.title')}</h1>
        <div class="error" role="alert">
          <p>{problem.title ?? ''}</p>
          {problem.detail ? <p>{problem.detail}</p> : null}
          {fields.length > 0 ? (
            <ul>
              {fields.map((f) => (
                <li>{f}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <p>
          <a href="/app">{w('staff.error.back')}</a>
        </p>
      </Layout>,
      response.status as 400,
    );
  };
}
