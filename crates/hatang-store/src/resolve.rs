//! Following a code across the reform: the same walk for every backend,
//! over the store's units and mappings.

use crate::error::StoreError;
use crate::store::{Resolution, Store};
use hatang_core::model::{AdminUnit, Date, MergeKind, UnitKey, UnitMapping};
use std::collections::BTreeMap;

/// The walk behind [`Store::resolve`]: from every version of the code,
/// keep a version that is the answer (in force now, or on `at`); from an
/// older one follow the mappings forward, from a newer one back.
pub(crate) fn resolve<S: Store + ?Sized>(
    store: &S,
    versions: &[AdminUnit],
    at: Option<Date>,
) -> Result<Vec<Resolution>, StoreError> {
    let mappings = store.mappings()?;
    let mut found: BTreeMap<UnitKey, Resolution> = BTreeMap::new();
    let mut walk = Walk {
        store,
        mappings: &mappings,
        at,
        found: &mut found,
    };
    for v in versions {
        walk.visit(v.clone(), MergeKind::Full, 1.0, vec![v.key.clone()])?;
    }
    Ok(found.into_values().collect())
}

struct Walk<'a, S: Store + ?Sized> {
    store: &'a S,
    mappings: &'a [UnitMapping],
    at: Option<Date>,
    found: &'a mut BTreeMap<UnitKey, Resolution>,
}

enum Place {
    Answer,
    Older,
    Newer,
}

impl<S: Store + ?Sized> Walk<'_, S> {
    fn place(&self, u: &AdminUnit) -> Place {
        match self.at {
            None if u.valid_to.is_none() => Place::Answer,
            None => Place::Older,
            Some(d) if u.valid_on(d) => Place::Answer,
            Some(d) if u.key.valid_from > d => Place::Newer,
            Some(_) => Place::Older,
        }
    }

    fn visit(
        &mut self,
        u: AdminUnit,
        kind: MergeKind,
        share: f64,
        path: Vec<UnitKey>,
    ) -> Result<(), StoreError> {
        match self.place(&u) {
            Place::Answer => {
                let r = Resolution {
                    unit: u,
                    kind,
                    share,
                    path,
                };
                let key = r.unit.key.clone();
                match self.found.get(&key) {
                    // A version reached through the mapping says more than
                    // the same version reached directly; of two mapped
                    // routes, the partial one is the cautious answer.
                    Some(old) if !better(&r, old) => {}
                    _ => {
                        self.found.insert(key, r);
                    }
                }
            }
            place => {
                let forward = matches!(place, Place::Older);
                let edges: Vec<&UnitMapping> = self
                    .mappings
                    .iter()
                    .filter(|m| {
                        if forward {
                            m.old == u.key
                        } else {
                            m.new == u.key
                        }
                    })
                    .collect();
                for m in edges {
                    let next = if forward { &m.new } else { &m.old };
                    if path.contains(next) {
                        continue;
                    }
                    let Some(nu) = self.store.unit(next)? else {
                        continue;
                    };
                    let k = if kind == MergeKind::Partial || m.kind == MergeKind::Partial {
                        MergeKind::Partial
                    } else {
                        MergeKind::Full
                    };
                    let mut p = path.clone();
                    p.push(next.clone());
                    self.visit(nu, k, share * m.share, p)?;
                }
            }
        }
        Ok(())
    }
}

fn better(new: &Resolution, old: &Resolution) -> bool {
    let rank = |r: &Resolution| {
        (
            r.path.len() > 1,
            r.kind == MergeKind::Partial,
            std::cmp::Reverse(r.path.len()),
        )
    };
    rank(new) > rank(old)
}
