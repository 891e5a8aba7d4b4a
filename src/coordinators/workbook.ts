// The regional workbook, laid out like the regional tables: per municipality the number of
// organisations running each form of mentorship with the totals row; per organisation 1/0 for each
// form and the number of forms it runs; involvement figures beside them.
import { mentorshipForms } from '../programmes/forms';
import { percent } from '../reports/figures';
import { writeWorkbook, type Translate } from '../reports/workbook';
import type { RegionalSummary } from './region';

export async function buildRegionalWorkbook(summary: RegionalSummary, t: Translate): Promise<Uint8Array> {
  const formHeaders = mentorshipForms.map((form) => ({ header: t('region-col-form', { form: t('report-form', { form }) }), width: 16 }));
  const figures = (m: { studentsTotal: number | null; mentees: number; mentors: number; involvement: { involved: number; share: number | null } }) => [
    m.studentsTotal ?? '',
    m.involvement.involved,
    percent(m.involvement.share) ?? '',
    m.mentees,
    m.mentors,
  ];
  const figureHeaders = [
    { header: t('region-col-students'), width: 14 },
    { header: t('region-col-involved'), width: 14 },
    { header: t('region-col-share'), width: 10 },
    { header: t('region-col-mentees'), width: 14 },
    { header: t('region-col-mentors'), width: 14 },
  ];
  const municipalities = {
    name: t('region-sheet-municipalities'),
    columns: [{ header: '№', width: 6 }, { header: t('region-col-municipality'), width: 30 }, { header: t('region-col-organisations'), width: 10 }, { header: t('region-col-running'), width: 14 }, ...formHeaders, ...figureHeaders],
    rows: [
      ...summary.municipalities.map((m, i) => [i + 1, m.municipality, m.organisations, m.running, ...mentorshipForms.map((f) => m.byForm[f]), ...figures(m)]),
      ['', t('region-total'), summary.totals.organisations, summary.totals.running, ...mentorshipForms.map((f) => summary.totals.byForm[f]), ...figures(summary.totals)],
    ],
  };
  const organisations = {
    name: t('region-sheet-organisations'),
    columns: [
      { header: '№', width: 6 },
      { header: t('region-col-municipality'), width: 26 },
      { header: t('region-col-organisation'), width: 40 },
      ...mentorshipForms.map((form) => ({ header: t('report-form', { form }), width: 14 })),
      { header: t('region-col-forms-count'), width: 12 },
      ...figureHeaders,
    ],
    rows: summary.organisations.map((o, i) => [
      i + 1,
      o.municipality,
      o.name,
      ...mentorshipForms.map((f) => (o.forms.includes(f) ? 1 : 0)),
      o.forms.length,
      ...figures(o),
    ]),
  };
  return writeWorkbook([municipalities, organisations], { title: summary.municipality ? `${summary.region}: ${summary.municipality}` : summary.region });
}
