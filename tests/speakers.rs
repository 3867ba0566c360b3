//! Snapshot tests of speaker resolution (`Engine::analyze`, `Engine::analyze_all`)
//! on articles written for them: pronoun chains, roles, people sharing a
//! surname, and one person spelled two ways by two outlets.

mod common;

use quotegraph::{Document, Engine, EntityKind};

fn doc(path: &str) -> Document {
    let p = format!(
        "{}/tests/fixtures/speakers/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    Document::from_text_file(p.as_ref(), Default::default()).unwrap()
}

/// Each statement's speaker mention and the entity it resolved to, then the entities.
fn render(doc: &Document) -> String {
    let a = Engine::default().analyze(doc);
    let mut out = String::new();
    for (i, s) in a.statements.iter().enumerate() {
        let mention = s.speaker.as_ref().map(|m| m.text.as_str()).unwrap_or("-");
        let entity = a.speakers.statement_entity[i].map(|e| {
            let e = &a.speakers.entities[e];
            format!("#{} {} ({:?})", e.id, e.name, e.kind)
                .to_lowercase()
                .replacen(&e.name.to_lowercase(), &e.name, 1)
        });
        let first = s.parts[0].of(&doc.text);
        let words: Vec<&str> = first.split_whitespace().take(6).collect();
        out.push_str(&format!(
            "{:<32} -> {:<40} | {}\n",
            mention,
            entity.unwrap_or("-".into()),
            words.join(" ")
        ));
    }
    out.push_str("\nentities:\n");
    for e in &a.speakers.entities {
        out.push_str(&format!(
            "#{} {:?} {:?} gender={:?} aliases={:?} titles={:?} mentions={}\n",
            e.id,
            e.kind,
            e.name,
            e.gender,
            e.aliases,
            e.titles,
            e.mentions.len()
        ));
    }
    out
}

#[test]
fn pronoun_chains() {
    let d = doc("pronoun_chains.txt");
    common::settings().bind(|| insta::assert_snapshot!("pronoun_chains", render(&d)));
}

#[test]
fn roles() {
    let d = doc("roles.txt");
    common::settings().bind(|| insta::assert_snapshot!("roles", render(&d)));
}

/// `the company` stands for the organisation named last, `the host` for the
/// host mentioned last, `and said` shares its subject, and a participle after
/// `, X confirmed,` is X's.
#[test]
fn organisations_and_hosts() {
    let d = doc("organisations.txt");
    common::settings().bind(|| insta::assert_snapshot!("organisations", render(&d)));
}

/// The fixture `NAME.txt`'s speakers snapshot (as `NAME`), then its analysis.
fn snapshot_and_analyse(name: &str) -> quotegraph::Analysis {
    let d = doc(&format!("{name}.txt"));
    common::settings().bind(|| insta::assert_snapshot!(name, render(&d)));
    Engine::default().analyze(&d)
}

/// The kind of the entity named `name`, if there is one.
fn kind_of(a: &quotegraph::Analysis, name: &str) -> Option<EntityKind> {
    a.speakers
        .entities
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.kind)
}

/// Countries and capitals speak as their governments: `Ukraine said`,
/// `Moscow said`, `Russia disputes` credit groups, and a subhead glued to
/// the next sentence (`in Russia Ukrainian drones hit`) names no person.
#[test]
fn states_are_groups_not_people() {
    let a = snapshot_and_analyse("states");
    let kind_of = |name: &str| kind_of(&a, name);
    for state in ["Ukraine", "Moscow", "Russia", "Ankara"] {
        assert_eq!(kind_of(state), Some(EntityKind::Group), "{state}");
    }
    assert_eq!(kind_of("Andrii Sybiha"), Some(EntityKind::Person));
    let people: Vec<&str> = a
        .speakers
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        people
            .iter()
            .all(|n| !n.contains("Russia") && !n.contains("Ukrain")),
        "{people:?}"
    );
}

/// Institutions named by a phrase of `groups.txt` (`the White House`) speak
/// as groups; the phrase inside a longer mention (`White House press
/// secretary Dana Mireles`, `A White House official`) leaves the person or
/// the unnamed official as they were.
#[test]
fn institution_phrases_are_groups() {
    let a = snapshot_and_analyse("institutions");
    let kind_of = |name: &str| kind_of(&a, name);
    assert_eq!(kind_of("White House"), Some(EntityKind::Group));
    assert_eq!(kind_of("State Department"), Some(EntityKind::Group));
    assert_eq!(kind_of("Dana Mireles"), Some(EntityKind::Person));
    assert_eq!(kind_of("Colin Aske"), Some(EntityKind::Person));
    assert!(
        a.speakers
            .entities
            .iter()
            .all(|e| e.kind != EntityKind::Role || !e.name.contains("White House")),
        "{:?}",
        a.speakers.entities
    );
}

#[test]
fn same_surname() {
    let d = doc("same_surname.txt");
    common::settings().bind(|| insta::assert_snapshot!("same_surname", render(&d)));
    // Three Kesslers, never merged.
    let a = Engine::default().analyze(&d);
    let kesslers: Vec<&str> = a
        .speakers
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person && e.name.ends_with("Kessler"))
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(kesslers.len(), 3, "{kesslers:?}");
}

#[test]
fn one_person_two_spellings_two_outlets() {
    let mut a = doc("outlets/a_courier.txt");
    a.outlet = Some("Kyrva Courier".into());
    let mut b = doc("outlets/b_ledger.txt");
    b.outlet = Some("Harbor Ledger".into());
    let (analyses, speakers) = Engine::default().analyze_all(&[a, b]);
    let zel: Vec<_> = speakers
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person && e.name.contains("Zelenk"))
        .collect();
    assert_eq!(zel.len(), 1, "{zel:#?}");
    let e = zel[0];
    let mut rendered = format!(
        "canonical: {}\naliases: {:?}\ntitles: {:?}\n",
        e.name, e.aliases, e.titles
    );
    for (outlet, usage) in &e.by_outlet {
        rendered.push_str(&format!(
            "{outlet}: aliases={:?} titles={:?}\n",
            usage.aliases, usage.titles
        ));
    }
    // Every statement of both articles is credited to that one entity.
    for (d, an) in analyses.iter().enumerate() {
        for (i, _) in an.statements.iter().enumerate() {
            let local = an.speakers.statement_entity[i].expect("resolved");
            assert_eq!(speakers.local_to_global[d][local], e.id);
        }
    }
    common::settings().bind(|| insta::assert_snapshot!("two_spellings", rendered));
}

#[test]
fn name_particles_stay_in_the_name() {
    // Every particle the attribution grammar accepts inside a name is kept by
    // speaker resolution too ("dos Santos" is not "Santos").
    let d = Document::new(
        "particles",
        None,
        "\"The port will reopen on Friday,\" Transport Minister Ana dos Santos said.\n\n\
         \"We are not finished,\" dos Santos added.\n\n\
         \"Talks go on,\" said Karim ibn Rashid, the union's leader.",
    );
    let a = Engine::default().analyze(&d);
    let names: Vec<&str> = a
        .speakers
        .statement_entity
        .iter()
        .map(|e| e.map_or("-", |e| a.speakers.entities[e].name.as_str()))
        .collect();
    assert_eq!(
        names,
        ["Ana dos Santos", "Ana dos Santos", "Karim ibn Rashid"],
        "{:#?}",
        a.speakers.entities
    );
}

#[test]
fn an_unnamed_role_named_in_apposition_is_that_person() {
    // `A spokeswoman, Maren Dahl, said`: the indefinite role would stay
    // unnamed on its own; the apposition names her.
    let d = Document::new(
        "apposition",
        None,
        "A spokeswoman, Maren Dahl, said on Saturday that the survey was complete.\n\n\
         A port official said the talks had stalled.",
    );
    let a = Engine::default().analyze(&d);
    let kinds: Vec<(String, EntityKind)> = a
        .speakers
        .statement_entity
        .iter()
        .map(|e| {
            let e = &a.speakers.entities[e.expect("every statement has a speaker mention")];
            (e.name.clone(), e.kind)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Maren Dahl".to_string(), EntityKind::Person),
            ("A port official".to_string(), EntityKind::Unnamed)
        ],
        "{:#?}",
        a.speakers.entities
    );
}

#[test]
fn both_opens_a_list_and_is_no_first_name() {
    let d = Document::new(
        "both",
        None,
        "Aurell said the berths would open in June.\n\n\
         Both Aurell and Pell have said the port must stay open.",
    );
    let a = Engine::default().analyze(&d);
    let first = a.speakers.statement_entity[0].expect("Aurell is resolved");
    assert_eq!(
        a.speakers.entities[first].name, "Aurell",
        "{:#?}",
        a.speakers.entities
    );
}

/// `merge_owned` (what `compare` uses, moving each document's entities) and
/// `merge` (copying them) give the same speakers.
#[test]
fn merging_owned_entities_is_merging_borrowed_ones() {
    let dir = format!("{}/examples/harbor-story", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .map(|p| Document::from_text_file(p, Default::default()).unwrap())
        .collect();
    let engine = Engine::default();
    let analyses: Vec<_> = docs.iter().map(|d| engine.analyze(d)).collect();
    let borrowed = quotegraph::speakers::merge(analyses.iter().map(|a| &a.speakers));
    let owned =
        quotegraph::speakers::merge_owned(analyses.iter().map(|a| a.speakers.entities.clone()));
    assert!(borrowed.entities.len() > 4);
    assert_eq!(borrowed.entities, owned.entities);
    assert_eq!(borrowed.local_to_global, owned.local_to_global);
}
