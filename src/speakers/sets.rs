//! The sets of names and the map by outlet an entity keeps: sorted by
//! name, as `BTreeSet` and `BTreeMap` would keep them, but held in a
//! vector while they are small. Most entities have one outlet, one alias
//! and a title or two, and a B-tree's first node holds room for eleven: at
//! a million statements those empty slots were a fifth of `compare`'s
//! memory. Past 16 entries they become a B-tree, so adding to a
//! large one stays logarithmic.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The most entries kept in a sorted vector (inserting into it moves up to
/// this many).
const SMALL: usize = 16;

/// Entries sorted by their string key.
#[derive(Clone, PartialEq, Eq)]
enum Sorted<V> {
    Small(Vec<(String, V)>),
    Large(BTreeMap<String, V>),
}

impl<V> Default for Sorted<V> {
    fn default() -> Self {
        Sorted::Small(Vec::new())
    }
}

impl<V> Sorted<V> {
    fn find<Q>(v: &[(String, V)], key: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        v.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self {
            Sorted::Small(v) => Self::find(v, key).ok().map(|i| &v[i].1),
            Sorted::Large(m) => m.get(key),
        }
    }

    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self {
            Sorted::Small(v) => Self::find(v, key).ok().map(|i| &mut v[i].1),
            Sorted::Large(m) => m.get_mut(key),
        }
    }

    /// Make room for `key`: a small set that is full and lacks it becomes
    /// a B-tree (the one place where the form changes).
    fn make_room<Q>(&mut self, key: &Q)
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        if let Sorted::Small(v) = self {
            if v.len() >= SMALL && Self::find(v, key).is_err() {
                *self = Sorted::Large(std::mem::take(v).into_iter().collect());
            }
        }
    }

    /// Put a new entry at `i` of a small set, with room for one more at a
    /// time: most stay at one or two.
    fn put(v: &mut Vec<(String, V)>, i: usize, entry: (String, V)) {
        v.reserve_exact(1);
        v.insert(i, entry);
    }

    /// The value under `key`, inserted by `make` if there is none.
    fn get_or_insert_with<Q>(&mut self, key: &Q, make: impl FnOnce() -> V) -> &mut V
    where
        String: Borrow<Q>,
        Q: Ord + ToOwned<Owned = String> + ?Sized,
    {
        self.make_room(key);
        match self {
            Sorted::Small(v) => {
                let i = match Self::find(v, key) {
                    Ok(i) => i,
                    Err(i) => {
                        Self::put(v, i, (key.to_owned(), make()));
                        i
                    }
                };
                &mut v[i].1
            }
            Sorted::Large(m) => {
                if !m.contains_key(key) {
                    m.insert(key.to_owned(), make());
                }
                m.get_mut(key).expect("inserted above")
            }
        }
    }

    /// Insert `value` under `key`, returning the value it replaces.
    fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.make_room(key.as_str());
        match self {
            Sorted::Small(v) => match Self::find(v, key.as_str()) {
                Ok(i) => Some(std::mem::replace(&mut v[i].1, value)),
                Err(i) => {
                    Self::put(v, i, (key, value));
                    None
                }
            },
            Sorted::Large(m) => m.insert(key, value),
        }
    }

    fn len(&self) -> usize {
        match self {
            Sorted::Small(v) => v.len(),
            Sorted::Large(m) => m.len(),
        }
    }

    fn iter(&self) -> Iter<'_, V> {
        Iter(match self {
            Sorted::Small(v) => Either::Small(v.iter()),
            Sorted::Large(m) => Either::Large(m.iter()),
        })
    }

    fn into_iter(self) -> IntoIter<V> {
        IntoIter(match self {
            Sorted::Small(v) => Either::Small(v.into_iter()),
            Sorted::Large(m) => Either::Large(m.into_iter()),
        })
    }
}

/// One iterator or the other, as the entries are held.
#[derive(Clone)]
enum Either<S, L> {
    Small(S),
    Large(L),
}

/// The entries of an [`OutletMap`], in sorted order.
pub struct Iter<'a, V>(
    Either<std::slice::Iter<'a, (String, V)>, std::collections::btree_map::Iter<'a, String, V>>,
);

impl<V> Clone for Iter<'_, V> {
    fn clone(&self) -> Self {
        Iter(match &self.0 {
            Either::Small(i) => Either::Small(i.clone()),
            Either::Large(i) => Either::Large(i.clone()),
        })
    }
}

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a String, &'a V);
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Either::Small(i) => i.next().map(|(k, v)| (k, v)),
            Either::Large(i) => i.next(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Either::Small(i) => i.size_hint(),
            Either::Large(i) => i.size_hint(),
        }
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Either::Small(i) => i.next_back().map(|(k, v)| (k, v)),
            Either::Large(i) => i.next_back(),
        }
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

/// The entries of an [`OutletMap`], moved out in sorted order.
pub struct IntoIter<V>(
    Either<std::vec::IntoIter<(String, V)>, std::collections::btree_map::IntoIter<String, V>>,
);

impl<V> Iterator for IntoIter<V> {
    type Item = (String, V);
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Either::Small(i) => i.next(),
            Either::Large(i) => i.next(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Either::Small(i) => i.size_hint(),
            Either::Large(i) => i.size_hint(),
        }
    }
}

impl<V> DoubleEndedIterator for IntoIter<V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Either::Small(i) => i.next_back(),
            Either::Large(i) => i.next_back(),
        }
    }
}

impl<V> ExactSizeIterator for IntoIter<V> {}

/// The names of a [`NameSet`], in sorted order.
#[derive(Clone)]
pub struct Names<'a>(Iter<'a, ()>);

impl<'a> Iterator for Names<'a> {
    type Item = &'a String;
    fn next(&mut self) -> Option<&'a String> {
        self.0.next().map(|(k, ())| k)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Names<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, ())| k)
    }
}

impl ExactSizeIterator for Names<'_> {}

/// The names of a [`NameSet`], moved out in sorted order.
pub struct IntoNames(IntoIter<()>);

impl Iterator for IntoNames {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        self.0.next().map(|(k, ())| k)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoNames {
    fn next_back(&mut self) -> Option<String> {
        self.0.next_back().map(|(k, ())| k)
    }
}

impl ExactSizeIterator for IntoNames {}

/// A set of names (aliases, titles), iterated in sorted order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NameSet(Sorted<()>);

impl NameSet {
    pub fn new() -> Self {
        NameSet::default()
    }

    pub fn contains<Q>(&self, name: &Q) -> bool
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get(name).is_some()
    }

    /// Add `name`; whether it was not there before.
    pub fn insert(&mut self, name: String) -> bool {
        self.0.insert(name, ()).is_none()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names in sorted order.
    pub fn iter(&self) -> Names<'_> {
        Names(self.0.iter())
    }

    pub fn first(&self) -> Option<&String> {
        self.iter().next()
    }

    pub fn last(&self) -> Option<&String> {
        self.iter().next_back()
    }
}

impl Extend<String> for NameSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for n in names {
            self.insert(n);
        }
    }
}

impl FromIterator<String> for NameSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> Self {
        let mut set = NameSet::new();
        set.extend(names);
        set
    }
}

impl IntoIterator for NameSet {
    type Item = String;
    type IntoIter = IntoNames;
    fn into_iter(self) -> IntoNames {
        IntoNames(self.0.into_iter())
    }
}

impl<'a> IntoIterator for &'a NameSet {
    type Item = &'a String;
    type IntoIter = Names<'a>;
    fn into_iter(self) -> Names<'a> {
        self.iter()
    }
}

impl fmt::Debug for NameSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for NameSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for n in self.iter() {
            seq.serialize_element(n)?;
        }
        seq.end()
    }
}

/// Values by outlet name, iterated in sorted order of the outlets.
#[derive(Clone, PartialEq, Eq)]
pub struct OutletMap<V>(Sorted<V>);

impl<V> Default for OutletMap<V> {
    fn default() -> Self {
        OutletMap(Sorted::default())
    }
}

impl<V> OutletMap<V> {
    pub fn new() -> Self {
        OutletMap::default()
    }

    pub fn get<Q>(&self, outlet: &Q) -> Option<&V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get(outlet)
    }

    pub fn get_mut<Q>(&mut self, outlet: &Q) -> Option<&mut V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get_mut(outlet)
    }

    pub fn contains_key<Q>(&self, outlet: &Q) -> bool
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get(outlet).is_some()
    }

    /// The value for `outlet`, a default one inserted if there is none.
    pub fn get_or_default<Q>(&mut self, outlet: &Q) -> &mut V
    where
        String: Borrow<Q>,
        Q: Ord + ToOwned<Owned = String> + ?Sized,
        V: Default,
    {
        self.0.get_or_insert_with(outlet, V::default)
    }

    /// Insert `value` for `outlet`, returning the value it replaces.
    pub fn insert(&mut self, outlet: String, value: V) -> Option<V> {
        self.0.insert(outlet, value)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Outlets and their values, in sorted order of the outlets.
    pub fn iter(&self) -> Iter<'_, V> {
        self.0.iter()
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + Clone {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + Clone {
        self.iter().map(|(_, v)| v)
    }
}

impl<V> IntoIterator for OutletMap<V> {
    type Item = (String, V);
    type IntoIter = IntoIter<V>;
    fn into_iter(self) -> IntoIter<V> {
        self.0.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a OutletMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> FromIterator<(String, V)> for OutletMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Self {
        let mut map = OutletMap::new();
        for (k, v) in entries {
            map.insert(k, v);
        }
        map
    }
}

impl<V: fmt::Debug> fmt::Debug for OutletMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for OutletMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
