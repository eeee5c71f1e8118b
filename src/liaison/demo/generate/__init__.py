"""The demo institute's records: the announcement, the records behind its figures, and volume.

Two parts, each from its own random stream of the seed:

- the core: the announcement's facts and the records the report's figures count as of
  2023-05-08. Their number is fixed, so the six figures come out exactly as reported at
  every scale and seed; only names and texts change with the seed.
- the volume, multiplied by the scale: everything the figures of 2023-05-08 do not count —
  records dated after it (so the figures keep growing to today), and records before it that
  fall outside the definitions (open or withdrawn needs, services to organizations elsewhere
  or to organizations already counted, unsigned drafts, agreements with partners already
  counted, achievements still in research, rounds not yet closed).

Every record that could move a figure passes a guard that refuses it (as a programming
error) unless it keeps the figures of 2023-05-08 as reported.

The history is dated as the story goes, from a random stream of its own (so dating it moves
no record): each record is created when the office would have written it down, and needs,
agreements, achievements, rounds and joint centers get a row for each step of their
lifecycle. The records that belong to them (parties, milestones, candidates, stage entries)
have only their creation: a row for each candidate's decision and each payment would add
nearly a tenth to the time a large demo takes to load.

The generators, one module per noun, each a class that extends the generators whose records
it creates along the way; `DemoGenerator` (institute.py) combines them and runs the story:

- story.py: the state they share (the seed's random streams, the history's clock, the
  writer, the records generated so far), and the dates and counts drawn from it;
- centers.py; people.py (researchers come with their home centers); organizations.py
  (enterprises and investors come with their contacts); agreements.py (joint centers come
  with their agreements); achievements.py; needs.py (and services); financing.py;
- the transfer side, from random streams of its own (records and history), so the records
  above come out as they did before it: disclosures.py (the accepted disclosure behind each
  achievement with its inventors' agreed shares, those declined or withdrawn, the office's
  queue); patents.py (the applications of the achievements decided for a patent, with their
  fees paid by the docket's rules on their days and their agencies' costs; PCT filings and
  the national phases after them); transfer.py (the reward policy, transfers and licences
  every year after the report, the price notice concluded before each is signed, income for
  each milestone met, evaluation costs, rewards on each year's net income and grant bonuses,
  computed by the reward engine and split by the disclosure's shares); registrations.py
  (the registration of each technical contract);
- incubation.py, from streams of its own too: the companies the incubation center of
  2023-05-06 admitted after the report (the spin-offs above, researchers' start-ups, outside
  tenants) with their space, milestones, rounds and exits, and the students and postdocs
  trained under the Ningbo University agreement and other university agreements, with a
  supervisor at each side.
- brokers.py, from streams of its own too: technology brokers (certified persons of the
  region's transfer firms, and a firm acting as intermediary) who introduced needs submitted
  after the report and brokered some of the technical contracts signed after it, each with
  the commission agreed and paid in part or in full.
- opencalls.py, from streams of its own too: enterprises' needs submitted after the report
  and published as open calls (揭榜挂帅) with their consent, the applications of a researcher,
  a center and an outside organization, the enterprise's and the office's reviews, the
  endorsed team selected and carried on as the need's solution, and a call open today.
- market.py, from streams of its own too: two roadshows and a matchmaking fair after the
  report, with the achievements presented, the needs on show and the organizations
  registered, and the intentions noted there, traced to the contracts the story signed after
  each event (some registered, some with income) or matched on a need, others stopping at
  the intention; it adds no agreement.
- meaning.py, from streams of its own too: a foreign expert whose profile is in English only
  and a local enterprise's need in Chinese only, about the same thing without a word in
  common: the pair that only matching by meaning brings together.

They write every record through `BulkWriter` (writer.py), the demo's one bulk path.
"""

from .institute import DemoGenerator
from .story import FigureGuardError

__all__ = ["DemoGenerator", "FigureGuardError"]
