//! OptaPlanner's conference-scheduling workbooks (`*talks-*timeslots-*rooms.xlsx`):
//! sheets Timeslots, Rooms, Speakers and Talks. Each talk becomes a session
//! that may only take timeslots of its talk type (and with the timeslot tags
//! it and its speakers require, none they prohibit, none where a speaker is
//! unavailable) and rooms of its talk type (with the room tags required,
//! none prohibited). Theme track tags are tracks; a mutually-exclusive-talks
//! tag is a hard no-overlap group (a shared virtual person); prerequisite
//! talks must end first; a talk "pinned by user" keeps its timeslot and
//! room; a room's unavailable timeslot is held by a pinned placeholder.
//! Timeslots overlap (a two-hour lab beside two 45-minute breakouts): the
//! solver counts clashes per instant. Left out, being soft or outside the
//! model: preferred and undesired tags, audience and content conflicts,
//! crowd control, the minimum pause between a speaker's talks.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use throughline_schedule::{Instance, RoomSpec, SessionSpec, SlotSpec};

use crate::{ReadError, index_of};

/// One sheet's rows below its header, addressed by column name.
struct Sheet {
    name: &'static str,
    header: Vec<String>,
    /// (spreadsheet row number, cells as text)
    rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    fn read(file: &str, book: &mut Xlsx<Cursor<&[u8]>>, name: &'static str, first: &str) -> Result<Sheet, ReadError> {
        let range: Range<Data> = book
            .worksheet_range(name)
            .map_err(|e| ReadError::new(file, format!("sheet {name}"), format!("cannot be read: {e}")))?;
        let top = range.start().map_or(0, |(row, _)| row as usize);
        let left = range.start().map_or(0, |(_, col)| col as usize);
        let mut rows = range.rows().enumerate().map(|(k, cells)| {
            let mut text: Vec<String> = vec![String::new(); left];
            text.extend(cells.iter().map(cell_text));
            (top + k + 1, text)
        });
        let header = rows
            .by_ref()
            .find(|(_, cells)| cells.first().is_some_and(|c| c == first))
            .map(|(_, cells)| cells)
            .ok_or_else(|| {
                ReadError::new(file, format!("sheet {name}"), format!("no header row starting with {first:?}"))
            })?;
        let rows = rows.filter(|(_, cells)| cells.first().is_some_and(|c| !c.is_empty())).collect();
        Ok(Sheet { name, header, rows })
    }

    fn column(&self, file: &str, title: &str) -> Result<usize, ReadError> {
        self.header
            .iter()
            .position(|h| h == title)
            .ok_or_else(|| ReadError::new(file, format!("sheet {}", self.name), format!("no column {title:?}")))
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn get(cells: &[String], column: usize) -> &str {
    cells.get(column).map_or("", String::as_str)
}

/// A comma-separated list cell.
fn list(cells: &[String], column: usize) -> Vec<String> {
    get(cells, column).split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// "10:15" → minutes since midnight.
fn clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

struct Timeslot {
    day: String,
    start: String,
    end: String,
    talk_types: Vec<String>,
    tags: Vec<String>,
}

struct Room {
    name: String,
    talk_types: Vec<String>,
    tags: Vec<String>,
}

#[derive(Default)]
struct Wishes {
    required_slot_tags: Vec<String>,
    prohibited_slot_tags: Vec<String>,
    required_room_tags: Vec<String>,
    prohibited_room_tags: Vec<String>,
    unavailable: Vec<usize>,
}

impl Wishes {
    fn read(file: &str, sheet: &Sheet, cells: &[String]) -> Result<Wishes, ReadError> {
        Ok(Wishes {
            required_slot_tags: list(cells, sheet.column(file, "Required timeslot tags")?),
            prohibited_slot_tags: list(cells, sheet.column(file, "Prohibited timeslot tags")?),
            required_room_tags: list(cells, sheet.column(file, "Required room tags")?),
            prohibited_room_tags: list(cells, sheet.column(file, "Prohibited room tags")?),
            unavailable: Vec::new(),
        })
    }

    fn allows(required: &[String], prohibited: &[String], tags: &[String]) -> bool {
        required.iter().all(|t| tags.contains(t)) && !prohibited.iter().any(|t| tags.contains(t))
    }
}

/// The timeslots marked in the per-timeslot columns that follow `first` (any mark: unavailable).
fn marked(cells: &[String], first: usize, slots: usize) -> Vec<usize> {
    (0..slots).filter(|&t| !get(cells, first + t).is_empty()).collect()
}

pub fn read(file: &str, bytes: &[u8]) -> Result<Instance, ReadError> {
    let mut book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ReadError::new(file, "", format!("not an Excel workbook (.xlsx): {e}")))?;
    let at = |sheet: &Sheet, row: usize| format!("sheet {}, row {row}", sheet.name);

    let sheet = Sheet::read(file, &mut book, "Timeslots", "Day")?;
    let (c_start, c_end, c_types, c_tags) = (
        sheet.column(file, "Start")?,
        sheet.column(file, "End")?,
        sheet.column(file, "Talk types")?,
        sheet.column(file, "Tags")?,
    );
    let mut timeslots = Vec::new();
    let mut days: Vec<String> = Vec::new();
    let mut slots = Vec::new();
    for (row, cells) in &sheet.rows {
        let ts = Timeslot {
            day: get(cells, 0).to_string(),
            start: get(cells, c_start).to_string(),
            end: get(cells, c_end).to_string(),
            talk_types: list(cells, c_types),
            tags: list(cells, c_tags),
        };
        let (Some(start), Some(end)) = (clock(&ts.start), clock(&ts.end)) else {
            return Err(ReadError::new(file, at(&sheet, *row), "Start and End must be times like 10:15"));
        };
        if end <= start {
            return Err(ReadError::new(file, at(&sheet, *row), "the timeslot ends before it starts"));
        }
        if !days.contains(&ts.day) {
            days.push(ts.day.clone());
        }
        let day = days.len() - 1;
        slots.push(SlotSpec { start: day as u32 * 1440 + start, minutes: end - start, day });
        timeslots.push(ts);
    }
    if timeslots.is_empty() {
        return Err(ReadError::new(file, "sheet Timeslots", "no timeslots"));
    }

    let sheet = Sheet::read(file, &mut book, "Rooms", "Name")?;
    let (c_capacity, c_types, c_tags) =
        (sheet.column(file, "Capacity")?, sheet.column(file, "Talk types")?, sheet.column(file, "Tags")?);
    let mut rooms = Vec::new();
    let mut room_specs = Vec::new();
    let mut placeholders = Vec::new();
    for (row, cells) in &sheet.rows {
        let capacity: f64 = get(cells, c_capacity)
            .parse()
            .map_err(|_| ReadError::new(file, at(&sheet, *row), "Capacity must be a number"))?;
        let r = rooms.len();
        for t in marked(cells, c_tags + 1, timeslots.len()) {
            placeholders.push(SessionSpec {
                code: format!("{} unavailable {} {}", get(cells, 0), timeslots[t].day, timeslots[t].start),
                minutes: slots[t].minutes,
                pinned: Some((t, Some(r))),
                ..SessionSpec::default()
            });
        }
        rooms.push(Room {
            name: get(cells, 0).to_string(),
            talk_types: list(cells, c_types),
            tags: list(cells, c_tags),
        });
        room_specs.push(RoomSpec { name: get(cells, 0).to_string(), capacity: capacity.max(0.0) as u32 });
    }

    let sheet = Sheet::read(file, &mut book, "Speakers", "Name")?;
    let c_last_tag = sheet.column(file, "Undesired room tags")?;
    let mut speakers: HashMap<String, Wishes> = HashMap::new();
    let mut people: Vec<String> = Vec::new();
    for (_, cells) in &sheet.rows {
        let mut wishes = Wishes::read(file, &sheet, cells)?;
        wishes.unavailable = marked(cells, c_last_tag + 1, timeslots.len());
        speakers.insert(get(cells, 0).to_string(), wishes);
        people.push(get(cells, 0).to_string());
    }

    let sheet = Sheet::read(file, &mut book, "Talks", "Code")?;
    let c = |title| sheet.column(file, title);
    let (c_type, c_speakers, c_themes, c_exclusive, c_prereq, c_pinned, c_day, c_start, c_end, c_room) = (
        c("Talk type")?,
        c("Speakers")?,
        c("Theme track tags")?,
        c("Mutually exclusive talks tags")?,
        c("Prerequisite talks codes")?,
        c("Pinned by user")?,
        c("Timeslot day")?,
        c("Start")?,
        c("End")?,
        c("Room")?,
    );
    let mut tracks: Vec<String> = Vec::new();
    let mut sessions: Vec<SessionSpec> = Vec::new();
    let mut prerequisites: Vec<(usize, Vec<String>)> = Vec::new();
    for (row, cells) in &sheet.rows {
        let code = get(cells, 0).to_string();
        if sessions.iter().any(|s| s.code == code) {
            return Err(ReadError::new(file, at(&sheet, *row), format!("talk code {code} is used twice")));
        }
        let talk_type = get(cells, c_type);
        let talk = Wishes::read(file, &sheet, cells)?;
        let mut s = SessionSpec { code, ..SessionSpec::default() };
        let mut wishes = vec![&talk];
        for name in list(cells, c_speakers) {
            let Some(w) = speakers.get(&name) else {
                return Err(ReadError::new(
                    file,
                    at(&sheet, *row),
                    format!("speaker {name:?} is not on the Speakers sheet"),
                ));
            };
            let Some(person) = people.iter().position(|p| *p == name) else {
                return Err(ReadError::new(file, at(&sheet, *row), format!("speaker {name:?} is not listed")));
            };
            wishes.push(w);
            s.people.push(person);
        }
        let usable_slot = |t: usize| {
            let ts = &timeslots[t];
            ts.talk_types.iter().any(|x| x == talk_type)
                && wishes.iter().all(|w| {
                    Wishes::allows(&w.required_slot_tags, &w.prohibited_slot_tags, &ts.tags)
                        && !w.unavailable.contains(&t)
                })
        };
        s.forbidden = (0..timeslots.len()).filter(|&t| !usable_slot(t)).collect();
        // A talk lasts as long as the shortest timeslot of its type.
        s.minutes = (0..timeslots.len())
            .filter(|&t| timeslots[t].talk_types.iter().any(|x| x == talk_type))
            .map(|t| slots[t].minutes)
            .min()
            .ok_or_else(|| {
                ReadError::new(file, at(&sheet, *row), format!("no timeslot takes talks of type {talk_type:?}"))
            })?;
        s.rooms = (0..rooms.len())
            .filter(|&r| {
                rooms[r].talk_types.iter().any(|x| x == talk_type)
                    && wishes
                        .iter()
                        .all(|w| Wishes::allows(&w.required_room_tags, &w.prohibited_room_tags, &rooms[r].tags))
            })
            .collect();
        if s.rooms.is_empty() {
            return Err(ReadError::new(file, at(&sheet, *row), "no room has this talk's type and room tags"));
        }
        for theme in list(cells, c_themes) {
            s.tracks.push(index_of(&mut tracks, &theme));
        }
        // Every speaker is known from the Speakers sheet: a tag's virtual person comes after them.
        for tag in list(cells, c_exclusive) {
            s.people.push(index_of(&mut people, &format!("mutually exclusive: {tag}")));
        }
        if get(cells, c_pinned).eq_ignore_ascii_case("true") {
            let (day, start, end, room) =
                (get(cells, c_day), get(cells, c_start), get(cells, c_end), get(cells, c_room));
            let t = timeslots.iter().position(|ts| ts.day == day && ts.start == start && ts.end == end);
            let r = rooms.iter().position(|x| x.name == room);
            let (Some(t), Some(r)) = (t, r) else {
                return Err(ReadError::new(
                    file,
                    at(&sheet, *row),
                    format!(
                        "pinned to {day} {start}–{end} in {room:?}, which is not a timeslot and room of the workbook"
                    ),
                ));
            };
            s.pinned = Some((t, Some(r)));
        }
        prerequisites.push((sessions.len(), list(cells, c_prereq)));
        sessions.push(s);
    }
    for (i, codes) in prerequisites {
        for code in codes {
            let Some(a) = sessions.iter().position(|s| s.code == code) else {
                return Err(ReadError::new(
                    file,
                    format!("sheet Talks, talk {}", sessions[i].code),
                    format!("prerequisite talk {code} does not exist"),
                ));
            };
            sessions[i].after.push(a);
        }
    }
    sessions.extend(placeholders);
    Ok(Instance { name: String::new(), slots, rooms: room_specs, sessions, tracks, people, spanning: false })
}

#[cfg(test)]
mod tests {
    use throughline_schedule::{Weights, solve};

    use super::*;

    const SMALL: &[u8] = include_bytes!("../tests/fixtures/small-conference.xlsx");

    #[test]
    fn reads_types_tags_unavailability_exclusion_prerequisites_and_pins() {
        let inst = read("small-conference.xlsx", SMALL).expect("reads");
        let slots: Vec<(u32, u32, usize)> = inst.slots.iter().map(|s| (s.start, s.minutes, s.day)).collect();
        assert_eq!(slots, vec![(600, 120, 0), (600, 45, 0), (675, 45, 0), (2040, 45, 1)]);
        let rooms: Vec<(&str, u32)> = inst.rooms.iter().map(|r| (r.name.as_str(), r.capacity)).collect();
        assert_eq!(rooms, vec![("Hall", 300), ("Side", 40), ("Lab", 30)]);
        assert_eq!(inst.tracks, vec!["Cloud", "Web"]);
        assert_eq!(inst.people, vec!["Ana", "Ben", "Chi", "Dee", "mutually exclusive: Sponsor"]);
        let s = |code: &str| inst.sessions.iter().find(|s| s.code == code).expect(code);
        // T1: a talk (not the lab slot), Ben unavailable at 10:00 Monday, Ana prohibits "Morning" slots.
        assert_eq!((s("T1").forbidden.clone(), s("T1").rooms.clone(), s("T1").minutes), (vec![0, 1, 3], vec![0], 45));
        assert_eq!((s("T1").people.clone(), s("T1").tracks.clone()), (vec![0, 1], vec![0]));
        assert_eq!(
            (s("T2").people.clone(), s("T2").tracks.clone(), s("T2").after.clone()),
            (vec![2, 4], vec![0, 1], vec![0])
        );
        assert_eq!((s("T3").pinned, s("T3").people.clone()), (Some((1, Some(1))), vec![2, 4]));
        assert_eq!((s("L1").forbidden.clone(), s("L1").rooms.clone(), s("L1").minutes), (vec![1, 2, 3], vec![2], 120));
        let held = s("Side unavailable Tue 2030-06-04 10:00");
        assert_eq!((held.pinned, held.minutes), (Some((3, Some(1))), 45));

        let solution = solve(&inst, Weights::default(), 10.0);
        assert_eq!(solution.hard_violations, 0, "{solution:?}");
        // The lab (10:00–12:00) and T1 (only 11:15 is left to it) are both Cloud: one clash is forced.
        assert_eq!(solution.concurrent_surplus, 1);
        assert!(!solution.notes.is_empty(), "the Cloud track could not be kept clash-free: {solution:?}");
        assert_eq!(solution.placement, vec![Some((2, 0)), Some((3, 0)), Some((1, 1)), Some((0, 2)), Some((3, 1))]);
    }

    #[test]
    fn bad_workbooks_say_where_and_what() {
        let err = read("notes.xlsx", b"plain text").expect_err("not a workbook");
        assert!(err.to_string().starts_with("notes.xlsx: not an Excel workbook"), "{err}");
    }
}
