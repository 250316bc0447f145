//! The Taking Stock pages of the guide: the forum's (`taking-stock.html`)
//! and each track's (`taking-stock/<track>.html`), made from
//! `report::taking_stock` on the guide's public part, with their charts as
//! SVG files beside them (`taking-stock/[<track>/]<chart>.svg`): speakers by
//! stakeholder group, by UN regional group, from developing countries and
//! by gender, and the actor–issue map. Every chart has its figures in a
//! table on the page too. A scope gets its page once there is something to
//! take stock of: a filed report or a mechanism among its sessions. The
//! same content, with the charts' SVG, is a `TakingStockDocument` for the
//! PDF (`guide-pdf`).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use throughline_core::mechanism::{MechanismGap, MechanismOutput, MechanismStatus, MechanismType};
use throughline_core::report::GenderDiscussion;
use throughline_core::{Gender, PolicyIssue, StakeholderGroup, UnRegionalGroup};
use throughline_report::PublishedCount;
use throughline_report::taking_stock::{PublishedInclusion, TakingStock, taking_stock_of};

use crate::actor_map_svg::{MapStyle, actor_issue_svg};
use crate::charts::{Bar, bar_chart};
use crate::i18n::{Catalog, Lang, catalog};
use crate::site::{Guide, GuideError};
use crate::view::{Link, View, paragraphs};

/// A chart of a Taking Stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    StakeholderGroups,
    Regions,
    Development,
    Gender,
    ActorMap,
}

impl Chart {
    pub const ALL: &'static [Chart] =
        &[Chart::StakeholderGroups, Chart::Regions, Chart::Development, Chart::Gender, Chart::ActorMap];

    /// Its file name.
    pub fn file(self) -> &'static str {
        match self {
            Chart::StakeholderGroups => "groups.svg",
            Chart::Regions => "regions.svg",
            Chart::Development => "developing.svg",
            Chart::Gender => "gender.svg",
            Chart::ActorMap => "actor-map.svg",
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            Chart::StakeholderGroups => "ts.chart_groups",
            Chart::Regions => "ts.chart_regions",
            Chart::Development => "ts.chart_developing",
            Chart::Gender => "ts.chart_gender",
            Chart::ActorMap => "ts.map_title",
        }
    }
}

/// Keys the module looks up (for the catalogs' test).
pub(crate) fn keys_used() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    keys.extend(MechanismType::ALL.iter().map(|x| format!("mechanism_type.{}", x.code())));
    keys.extend(MechanismStatus::ALL.iter().map(|x| format!("mechanism_status.{}", x.code())));
    keys.extend(MechanismOutput::ALL.iter().map(|x| format!("output.{}", x.code())));
    keys.extend(MechanismGap::ALL.iter().map(|x| format!("gap.{}", x.code())));
    keys.extend(Gender::ALL.iter().map(|x| format!("gender.{}", x.code())));
    keys.extend(GenderDiscussion::ALL.iter().map(|x| format!("gender_discussion.{}", x.code())));
    keys.extend(Chart::ALL.iter().map(|c| c.title_key().to_string()));
    keys.extend(
        [
            "ts.title",
            "ts.unknown",
            "ts.people",
            "ts.fewer_than",
            "ts.withheld",
            "ts.developing",
            "ts.ldc",
            "ts.lldc",
            "ts.sids",
            "ts.map_legend",
            "ts.glance_sessions",
            "ts.glance_reports",
            "ts.held",
            "ts.glance_mechanisms",
            "ts.glance_speakers",
            "ts.glance_first_time",
            "ts.of_asked",
        ]
        .iter()
        .map(|k| k.to_string()),
    );
    keys
}

/// A finding as the page lists it.
#[derive(Serialize)]
struct FindingLine {
    text: String,
    session: Link,
    /// Whom a call is addressed to, in words.
    to: String,
}

#[derive(Serialize)]
struct QuestionBlock {
    question: Option<String>,
    takeaways: Vec<FindingLine>,
    calls: Vec<FindingLine>,
}

#[derive(Serialize)]
struct MechanismRow {
    name: String,
    status: String,
    kind: String,
    issues: String,
    sessions: Vec<Link>,
}

/// A row of a figures table: label, count as published, share, and the forum's share.
#[derive(Serialize)]
struct FigureRow {
    label: String,
    count: String,
    share: String,
    forum_share: Option<String>,
}

#[derive(Serialize)]
struct FigureTable {
    caption: String,
    chart: String,
    rows: Vec<FigureRow>,
}

/// A track's line in the forum's Taking Stock.
#[derive(Serialize)]
struct TrackRow {
    /// The track's title, linking to its Taking Stock.
    link: Link,
    sessions: String,
    reports: String,
    findings: usize,
    mechanisms: usize,
}

#[derive(Serialize)]
struct MapTable {
    groups: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// A Taking Stock for print: the page's content as JSON (as the HTML
/// template sees it, plus `people_text`), the `ts.*` labels of its
/// language, and each chart's SVG by the path the content names it with.
#[derive(Debug, Clone)]
pub struct TakingStockDocument {
    pub content: serde_json::Value,
    pub labels: BTreeMap<String, String>,
    pub charts: BTreeMap<String, String>,
}

/// What the Taking Stock template shows.
#[derive(Serialize)]
pub(crate) struct TakingStockPage {
    pub(crate) title: String,
    track: Option<Link>,
    narrative: Vec<String>,
    glance: Vec<(String, String)>,
    /// On the forum's page, in place of the findings and the mechanisms' list
    /// (which would grow with the forum): one line per track with a Taking Stock.
    tracks: Vec<TrackRow>,
    questions: Vec<QuestionBlock>,
    other: Option<QuestionBlock>,
    existing: usize,
    possible: usize,
    mechanisms: Vec<MechanismRow>,
    by_kind: Vec<(String, usize)>,
    by_output: Vec<(String, usize)>,
    by_gap: Vec<(String, usize)>,
    actors_by_group: Vec<(String, usize)>,
    map: Option<String>,
    map_table: Option<MapTable>,
    people: usize,
    tables: Vec<FigureTable>,
    compared: bool,
    reporting: (usize, usize, String, String, usize, usize),
    attendance: Option<(u32, u32, usize, Option<String>)>,
    gender_discussed: Vec<(String, usize)>,
}

fn percent(part: f64, whole: f64) -> String {
    if whole <= 0.0 { "–".to_string() } else { format!("{:.0}%", 100.0 * part / whole) }
}

fn label(cat: &Catalog, prefix: &str, code: &str) -> String {
    if code == throughline_report::inclusion::UNKNOWN {
        return cat.text("ts.unknown").to_string();
    }
    cat.text(&format!("{prefix}.{code}")).to_string()
}

fn published(cat: &Catalog, count: PublishedCount) -> String {
    match count {
        PublishedCount::Exactly(n) => n.to_string(),
        PublishedCount::FewerThan(n) => cat.text("ts.fewer_than").replace("{n}", &n.to_string()),
        PublishedCount::Withheld => cat.text("ts.withheld").to_string(),
    }
}

/// Counts in the order of a closed set's codes, unknown last, with their labels.
fn ordered<'a>(
    cat: &Catalog,
    prefix: &str,
    codes: impl IntoIterator<Item = &'a str>,
    map: &BTreeMap<String, usize>,
) -> Vec<(String, usize)> {
    codes
        .into_iter()
        .chain([throughline_report::inclusion::UNKNOWN])
        .filter_map(|code| map.get(code).filter(|&&n| n > 0).map(|&n| (label(cat, prefix, code), n)))
        .collect()
}

impl Guide {
    /// The scopes with a Taking Stock, in order: the forum (None), then
    /// each track whose sessions have a filed report or a mechanism.
    pub(crate) fn taking_stock_scopes(&self) -> Vec<Option<String>> {
        let mut with_substance: HashSet<&str> =
            self.p.reports.iter().filter(|r| r.submitted_at.is_some()).map(|r| r.session.as_str()).collect();
        with_substance.extend(self.p.mechanisms.iter().flat_map(|m| m.sessions.iter().map(String::as_str)));
        if with_substance.is_empty() {
            return Vec::new();
        }
        let mut scopes = vec![None];
        for t in &self.p.tracks {
            let members = self.sessions_by_track.get(&t.slug).map_or(&[][..], Vec::as_slice);
            if members.iter().any(|&i| with_substance.contains(self.p.sessions[i].code.as_str())) {
                scopes.push(Some(t.slug.clone()));
            }
        }
        scopes
    }

    /// The page's path in its language's folder.
    pub(crate) fn taking_stock_path(&self, scope: Option<&str>) -> String {
        match scope {
            None => "taking-stock.html".to_string(),
            Some(slug) => format!("taking-stock/{}.html", self.track_file(slug)),
        }
    }

    /// A chart's path in its language's folder.
    pub(crate) fn chart_path(&self, scope: Option<&str>, chart: Chart) -> String {
        match scope {
            None => format!("taking-stock/{}", chart.file()),
            Some(slug) => format!("taking-stock/{}/{}", self.track_file(slug), chart.file()),
        }
    }

    /// A scope's Taking Stock, made once.
    fn stock(&self, scope: Option<&str>) -> Result<Arc<TakingStock>, GuideError> {
        let key = scope.map(str::to_string);
        // A panic elsewhere while holding the lock leaves the map whole: its entries are complete values.
        if let Some(ts) = self.stocks.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(Arc::clone(ts));
        }
        let ts = Arc::new(
            taking_stock_of(&self.p, &self.declared, scope, self.options.stamp)
                .map_err(|e| GuideError::NotFound(format!("Taking Stock of {e}")))?,
        );
        self.stocks.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&ts));
        Ok(ts)
    }

    /// The Taking Stock page's content.
    pub(crate) fn taking_stock_page(&self, view: &View, scope: Option<&str>) -> Result<TakingStockPage, GuideError> {
        let ts = self.stock(scope)?;
        let cat = view.cat;
        let session_link = |code: &str| {
            self.session_index(code)
                .map(|i| view.session_link(&self.p.sessions[i]))
                .unwrap_or_else(|| Link { text: code.to_string(), href: String::new() })
        };
        let line = |f: &throughline_report::taking_stock::Finding| FindingLine {
            text: f.text.clone(),
            session: session_link(&f.session),
            to: f.addressed_to.iter().map(|g| cat.stakeholder(*g)).collect::<Vec<_>>().join(", "),
        };
        let block = |q: &throughline_report::taking_stock::QuestionFindings| QuestionBlock {
            question: q.question.clone(),
            takeaways: q.takeaways.iter().map(line).collect(),
            calls: q.calls.iter().map(line).collect(),
        };
        let other = &ts.other_findings;
        let title_of = |scope_title: &str| cat.text("ts.title").replace("{scope}", scope_title);
        let (title, track, narrative) = match &ts.track {
            Some(t) => {
                let link = self.track_by_slug(&t.slug).map(|track| view.track_link(track));
                (title_of(&t.title), link, paragraphs(&t.narrative))
            }
            None => (title_of(&ts.forum_name), None, Vec::new()),
        };
        let m = &ts.mechanisms;
        let r = &ts.reporting;
        let mut glance = vec![
            (
                cat.text("ts.glance_sessions").to_string(),
                format!("{} ({} {})", ts.sessions, ts.sessions_held, cat.text("ts.held")),
            ),
            (cat.text("ts.glance_reports").to_string(), format!("{} / {}", r.filed, r.expected)),
            (cat.text("ts.glance_mechanisms").to_string(), m.total.to_string()),
            (cat.text("ts.glance_speakers").to_string(), ts.speakers.people.to_string()),
        ];
        if ts.speakers.first_time_asked > 0 {
            glance.push((
                cat.text("ts.glance_first_time").to_string(),
                cat.text("ts.of_asked")
                    .replace("{n}", &ts.speakers.first_time.to_string())
                    .replace("{m}", &ts.speakers.first_time_asked.to_string()),
            ));
        }
        let a = &ts.attendance;
        let tracks = match scope {
            Some(_) => Vec::new(),
            None => self.track_rows(cat)?,
        };
        Ok(TakingStockPage {
            title,
            track,
            narrative,
            glance,
            tracks,
            questions: ts.questions.iter().map(block).collect(),
            other: (!other.takeaways.is_empty() || !other.calls.is_empty()).then(|| block(other)),
            existing: m.existing,
            possible: m.possible,
            mechanisms: m
                .entries
                .iter()
                .map(|e| MechanismRow {
                    name: e.name.clone(),
                    status: label(cat, "mechanism_status", &e.status),
                    kind: label(cat, "mechanism_type", &e.kind),
                    issues: e.issues.iter().map(|i| PolicyIssue::label_of(i)).collect::<Vec<_>>().join(", "),
                    // Codes only: the table stays narrow on a phone; each links to its session.
                    sessions: e.sessions.iter().map(|s| Link { text: s.clone(), href: session_link(s).href }).collect(),
                })
                .collect(),
            by_kind: ordered(cat, "mechanism_type", MechanismType::ALL.iter().map(|x| x.code()), &m.by_type),
            by_output: ordered(cat, "output", MechanismOutput::ALL.iter().map(|x| x.code()), &m.by_output),
            by_gap: ordered(cat, "gap", MechanismGap::ALL.iter().map(|x| x.code()), &m.by_gap),
            actors_by_group: ordered(
                cat,
                "stakeholder",
                StakeholderGroup::ALL.iter().map(|x| x.code()),
                &m.actors_by_group,
            ),
            map: (!ts.map.is_empty()).then(|| self.chart_path(scope, Chart::ActorMap)),
            map_table: (!ts.map.is_empty()).then(|| {
                let mut groups: Vec<&str> = StakeholderGroup::ALL.iter().map(|g| g.code()).collect();
                groups.push(throughline_report::inclusion::UNKNOWN);
                groups.retain(|g| ts.map.cells.iter().any(|c| c.group == *g));
                MapTable {
                    groups: groups.iter().map(|g| label(cat, "stakeholder", g)).collect(),
                    rows: ts
                        .map
                        .issues
                        .iter()
                        .enumerate()
                        .map(|(i, issue)| {
                            (issue.label.clone(), groups.iter().map(|g| ts.map.cell(i, g).join(", ")).collect())
                        })
                        .collect(),
                }
            }),
            people: ts.speakers.people,
            tables: self.figure_tables(cat, scope, &ts.speakers, ts.forum_speakers.as_ref()),
            compared: ts.forum_speakers.is_some(),
            reporting: (
                r.filed,
                r.expected,
                percent(r.filed as f64, r.expected as f64),
                percent(r.on_time as f64, r.expected as f64),
                r.late,
                r.missing,
            ),
            attendance: (a.reports_with_counts > 0).then(|| {
                (
                    a.onsite,
                    a.online,
                    a.reports_with_counts,
                    (a.participants_with_women_counted > 0).then(|| {
                        percent(f64::from(a.women_participants), f64::from(a.participants_with_women_counted))
                    }),
                )
            }),
            gender_discussed: ordered(
                cat,
                "gender_discussion",
                GenderDiscussion::ALL.iter().map(|x| x.code()),
                &a.gender_discussed,
            ),
        })
    }

    /// One line per track with a Taking Stock, for the forum's page.
    fn track_rows(&self, cat: &Catalog) -> Result<Vec<TrackRow>, GuideError> {
        let mut rows = Vec::new();
        for slug in self.taking_stock_scopes().into_iter().flatten() {
            let ts = self.stock(Some(&slug))?;
            let title = ts.track.as_ref().map_or_else(|| slug.clone(), |t| t.title.clone());
            let findings =
                ts.questions.iter().chain([&ts.other_findings]).map(|q| q.takeaways.len() + q.calls.len()).sum();
            rows.push(TrackRow {
                link: Link { text: title, href: self.taking_stock_path(Some(&slug)) },
                sessions: format!("{} ({} {})", ts.sessions, ts.sessions_held, cat.text("ts.held")),
                reports: format!("{} / {}", ts.reporting.filed, ts.reporting.expected),
                findings,
                mechanisms: ts.mechanisms.total,
            });
        }
        Ok(rows)
    }

    /// The speakers' figures as tables (each beside its chart).
    fn figure_tables(
        &self,
        cat: &Catalog,
        scope: Option<&str>,
        s: &PublishedInclusion,
        forum: Option<&PublishedInclusion>,
    ) -> Vec<FigureTable> {
        let whole = s.people as f64;
        let share_in = |x: &PublishedInclusion, map: &BTreeMap<String, usize>, code: &str| {
            percent(map.get(code).copied().unwrap_or(0) as f64, x.people as f64)
        };
        let table = |chart: Chart, rows: Vec<FigureRow>| FigureTable {
            caption: cat.text(chart.title_key()).to_string(),
            chart: self.chart_path(scope, chart),
            rows,
        };
        let counted = |prefix: &str, codes: Vec<&str>, pick: fn(&PublishedInclusion) -> &BTreeMap<String, usize>| {
            codes
                .into_iter()
                .chain([throughline_report::inclusion::UNKNOWN])
                .filter(|c| pick(s).get(*c).is_some_and(|&n| n > 0))
                .map(|c| FigureRow {
                    label: label(cat, prefix, c),
                    count: pick(s)[c].to_string(),
                    share: share_in(s, pick(s), c),
                    forum_share: forum.map(|f| share_in(f, pick(f), c)),
                })
                .collect::<Vec<_>>()
        };
        let developing = [
            (cat.text("ts.developing"), s.developing, forum.map(|f| (f.developing, f.people))),
            (cat.text("ts.ldc"), s.ldc, forum.map(|f| (f.ldc, f.people))),
            (cat.text("ts.lldc"), s.lldc, forum.map(|f| (f.lldc, f.people))),
            (cat.text("ts.sids"), s.sids, forum.map(|f| (f.sids, f.people))),
        ]
        .into_iter()
        .map(|(text, n, f)| FigureRow {
            label: text.to_string(),
            count: n.to_string(),
            share: percent(n as f64, whole),
            forum_share: f.map(|(n, all)| percent(n as f64, all as f64)),
        })
        .collect();
        let gender = Gender::ALL
            .iter()
            .map(|g| g.code())
            .chain([throughline_report::inclusion::UNKNOWN])
            .filter_map(|code| s.by_gender.get(code).map(|&c| (code, c)))
            .map(|(code, c)| FigureRow {
                label: label(cat, "gender", code),
                count: published(cat, c),
                share: match c {
                    PublishedCount::Exactly(n) => percent(n as f64, whole),
                    PublishedCount::FewerThan(_) | PublishedCount::Withheld => "–".to_string(),
                },
                forum_share: None,
            })
            .collect();
        vec![
            table(
                Chart::StakeholderGroups,
                counted("stakeholder", StakeholderGroup::ALL.iter().map(|g| g.code()).collect(), |x| {
                    &x.by_stakeholder_group
                }),
            ),
            table(
                Chart::Regions,
                counted("un_group", UnRegionalGroup::ALL.iter().map(|g| g.code()).collect(), |x| {
                    &x.by_un_regional_group
                }),
            ),
            table(Chart::Development, developing),
            table(Chart::Gender, gender),
        ]
    }

    /// A scope's Taking Stock as a document of its own, for print (the PDF):
    /// what its page shows, its labels, and its charts by the path the page
    /// gives them. None when the scope has nothing to take stock of.
    pub fn taking_stock_document(
        &self,
        lang: Lang,
        scope: Option<&str>,
    ) -> Result<Option<TakingStockDocument>, GuideError> {
        if !self.taking_stock_scopes().iter().any(|s| s.as_deref() == scope) {
            if let Some(slug) = scope {
                self.track_by_slug(slug).ok_or_else(|| GuideError::NotFound(format!("track {slug:?}")))?;
            }
            return Ok(None);
        }
        let cat = catalog(lang);
        let view = View { g: self, cat };
        let page = self.taking_stock_page(&view, scope)?;
        let mut content = serde_json::to_value(&page).map_err(|e| GuideError::Chart(e.to_string()))?;
        content["people_text"] = cat.count("count.speakers", page.people).into();
        let labels =
            cat.keys().filter(|k| k.starts_with("ts.")).map(|k| (k.to_string(), cat.text(k).to_string())).collect();
        let mut charts = BTreeMap::new();
        for &chart in Chart::ALL {
            charts.insert(self.chart_path(scope, chart), self.render_chart(lang, scope, chart)?);
        }
        Ok(Some(TakingStockDocument { content, labels, charts }))
    }

    /// A chart of a scope's Taking Stock, in a language.
    pub(crate) fn render_chart(&self, lang: Lang, scope: Option<&str>, chart: Chart) -> Result<String, GuideError> {
        let cat = catalog(lang);
        let ts = self.stock(scope)?;
        let title = cat.text(chart.title_key());
        if chart == Chart::ActorMap {
            let group_label = |g: Option<StakeholderGroup>| {
                g.map_or_else(|| cat.text("ts.unknown").to_string(), |g| cat.stakeholder(g))
            };
            return Ok(actor_issue_svg(&ts.map, &MapStyle { title, group_label: &group_label }));
        }
        let table = self
            .figure_tables(cat, scope, &ts.speakers, None)
            .into_iter()
            .find(|t| t.chart == self.chart_path(scope, chart))
            .ok_or_else(|| GuideError::NotFound(format!("chart {}", chart.file())))?;
        let bars: Vec<Bar> = table
            .rows
            .into_iter()
            .map(|row| Bar { value: row.count.parse().unwrap_or(0.0), label: row.label, text: row.count })
            .collect();
        bar_chart(title, cat.text("ts.people"), &bars).map_err(|e| GuideError::Chart(e.to_string()))
    }
}
