// GET /contacts: recent contacts (id, state, bot, version, last message time), newest first, paged by cursor, with a count per state.
import { Router } from 'express';
import type { ContactIndex } from '../../services/store/contact-index';
import { badRequest } from '../errors';
import { contactListQuerySchema, decodeCursor, encodeCursor } from '../schemas/live';
import { parseOr400 } from './parse';

export function contactListRouter(deps: { index: ContactIndex }): Router {
  const router = Router();
  router.get('/contacts', async (req, res) => {
    const query = parseOr400(contactListQuerySchema, req.query, 'invalid_query');
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && cursor === null) throw badRequest('invalid_query', 'cursor: not a cursor this API wrote (use nextCursor as given)');
    const [page, counts] = await Promise.all([deps.index.list({ limit: query.limit, cursor, state: query.state ?? null }), deps.index.counts()]);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ contacts: page.contacts, nextCursor: page.next === null ? null : encodeCursor(page.next.at, page.next.id), counts });
  });
  return router;
}
