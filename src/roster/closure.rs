//! Totals for every role at once over what it answers for — items owned by the role or by any
//! group it belongs to at any depth — without listing each role's groups: a 10 000-role
//! `member_of` chain has 50 million (role, group) pairs, and `plan owners` once walked them
//! all (with every action per role), so it never finished.
//!
//! Membership is condensed first (roles in a `member_of` loop answer for each other's items,
//! so a loop counts as one group). When every group is inside at most one other — a tree of
//! groups, the usual shape, and any chain — each item is added once at its topmost owners
//! and the totals are summed down the tree: linear in roles, memberships and owners named.
//! A role in several groups makes "items reachable through any of them, each once" a
//! reachability count with no known linear method; then each distinct owner list is spread
//! down its members once, which is linear per distinct owner list.

use rustc_hash::FxHashMap as HashMap;

use super::{Role, RoleId};

/// Per-role totals, with how many steps they took (the regression tests pin the count, so a
/// superlinear walk fails by counting, not by a clock).
#[derive(Clone, Debug)]
pub struct Totals<T> {
    pub per_role: Vec<T>,
    pub steps: usize,
}

/// Roles condensed into components (a `member_of` loop is one), numbered so that a group's
/// component comes before its members' (Tarjan's order).
struct Condensed {
    component: Vec<u32>,
    /// Each component's distinct enclosing components.
    groups: Vec<Vec<u32>>,
}

const UNSEEN: u32 = u32::MAX;

/// What is summed per role (a count, or counts by status).
pub trait Total: Copy + Default + std::ops::AddAssign {}

impl<T: Copy + Default + std::ops::AddAssign> Total for T {}

fn condense(roles: &[Role], steps: &mut usize) -> Condensed {
    let (component, count) = components(roles, steps);
    let groups = enclosing(roles, &component, count, steps);
    Condensed { component, groups }
}

/// Each role's component, and how many there are: Tarjan's strongly connected components,
/// iteratively, as the chain may be as long as the roster, far deeper than the stack.
fn components(roles: &[Role], steps: &mut usize) -> (Vec<u32>, u32) {
    let n = roles.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0_u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut count = 0_u32;
    let mut next_index = 0_u32;
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((as_u32(root), 0));
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            *steps += 1;
            let vi = v as usize;
            if *edge == 0 && index[vi] == UNSEEN {
                index[vi] = next_index;
                low[vi] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[vi] = true;
            }
            if let Some(group) = roles[vi].member_of.get(*edge) {
                *edge += 1;
                let w = group.0 as usize;
                if index[w] == UNSEEN {
                    calls.push((group.0, 0));
                } else if on_stack[w] {
                    low[vi] = low[vi].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(up, _)) = calls.last() {
                low[up as usize] = low[up as usize].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    component[w as usize] = count;
                    *steps += 1;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (component, count)
}

/// Each component's distinct enclosing components.
fn enclosing(roles: &[Role], component: &[u32], count: u32, steps: &mut usize) -> Vec<Vec<u32>> {
    let mut groups = vec![Vec::new(); count as usize];
    for (member, role) in roles.iter().enumerate() {
        let from = component[member];
        for group in &role.member_of {
            *steps += 1;
            let to = component[group.0 as usize];
            if to != from {
                groups[from as usize].push(to);
            }
        }
    }
    for list in &mut groups {
        list.sort_unstable();
        list.dedup();
    }
    groups
}

fn as_u32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 roles")
}

/// For each role, the sum of `value` over the items it answers for (each item once, however
/// many of its groups own it). `items` gives each item's owners and value.
pub fn totals<'a, T>(
    roles: &[Role],
    items: impl IntoIterator<Item = (&'a [RoleId], T)>,
) -> Totals<T>
where
    T: Total,
{
    let mut steps = 0;
    let condensed = condense(roles, &mut steps);
    let owner_sets = items.into_iter().map(|(owners, value)| {
        let mut set: Vec<u32> = owners
            .iter()
            .map(|o| condensed.component[o.0 as usize])
            .collect();
        set.sort_unstable();
        set.dedup();
        (set, value)
    });
    let per_component = if condensed.groups.iter().all(|g| g.len() <= 1) {
        over_tree(&condensed.groups, owner_sets, &mut steps)
    } else {
        over_graph(&condensed.groups, owner_sets, &mut steps)
    };
    let per_role = condensed
        .component
        .iter()
        .map(|&c| per_component[c as usize])
        .collect();
    Totals { per_role, steps }
}

/// Groups form a forest (`parent[c]` is before `c`): each item is added at its topmost owners
/// only (an owner inside another owner's subtree would count it twice), then totals flow down.
fn over_tree<T: Total>(
    groups: &[Vec<u32>],
    items: impl Iterator<Item = (Vec<u32>, T)>,
    steps: &mut usize,
) -> Vec<T> {
    let parent: Vec<Option<u32>> = groups.iter().map(|g| g.first().copied()).collect();
    let (enter, leave) = euler_tour(&parent, steps);
    let mut added = vec![T::default(); parent.len()];
    for (mut set, value) in items {
        *steps += 1 + set.len();
        set.sort_unstable_by_key(|&c| enter[c as usize]);
        // Subtrees are nested or apart, so in entry order an owner is inside an earlier one
        // exactly when it is inside the last one kept.
        let mut kept: Option<u32> = None;
        for c in set {
            let inside = kept.is_some_and(|k| {
                enter[k as usize] <= enter[c as usize] && leave[c as usize] <= leave[k as usize]
            });
            if !inside {
                added[c as usize] += value;
                kept = Some(c);
            }
        }
    }
    // Parents are numbered before their members, so one pass in order sums down each path.
    let mut total = added;
    for c in 0..parent.len() {
        *steps += 1;
        if let Some(p) = parent[c] {
            let above = total[p as usize];
            total[c] += above;
        }
    }
    total
}

/// Entry and exit times of a depth-first walk of the forest, iteratively.
fn euler_tour(parent: &[Option<u32>], steps: &mut usize) -> (Vec<u32>, Vec<u32>) {
    let n = parent.len();
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (c, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p as usize].push(as_u32(c));
        }
    }
    let mut enter = vec![0_u32; n];
    let mut leave = vec![0_u32; n];
    let mut clock = 0_u32;
    let mut walk: Vec<(u32, usize)> = Vec::new();
    for root in (0..n).filter(|&c| parent[c].is_none()) {
        walk.push((as_u32(root), 0));
        enter[root] = clock;
        clock += 1;
        while let Some(&mut (c, ref mut next)) = walk.last_mut() {
            *steps += 1;
            if let Some(&child) = children[c as usize].get(*next) {
                *next += 1;
                enter[child as usize] = clock;
                clock += 1;
                walk.push((child, 0));
            } else {
                leave[c as usize] = clock;
                walk.pop();
            }
        }
    }
    (enter, leave)
}

/// Some group is inside several others: each distinct owner list is spread down to every
/// member below it once (a visit mark per list keeps each member counted once).
fn over_graph<T: Total>(
    groups: &[Vec<u32>],
    items: impl Iterator<Item = (Vec<u32>, T)>,
    steps: &mut usize,
) -> Vec<T> {
    let n = groups.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (c, list) in groups.iter().enumerate() {
        for &g in list {
            members[g as usize].push(as_u32(c));
        }
    }
    let mut by_set: HashMap<Vec<u32>, T> = HashMap::default();
    let mut order: Vec<Vec<u32>> = Vec::new();
    for (set, value) in items {
        *steps += 1 + set.len();
        match by_set.get_mut(&set) {
            Some(sum) => *sum += value,
            None => {
                order.push(set.clone());
                by_set.insert(set, value);
            }
        }
    }
    let mut total = vec![T::default(); n];
    let mut mark = vec![usize::MAX; n];
    let mut frontier: Vec<u32> = Vec::new();
    for (visit, set) in order.iter().enumerate() {
        let value = by_set[set];
        for &c in set {
            if mark[c as usize] != visit {
                mark[c as usize] = visit;
                frontier.push(c);
            }
        }
        while let Some(c) = frontier.pop() {
            *steps += 1;
            total[c as usize] += value;
            for &m in &members[c as usize] {
                *steps += 1;
                if mark[m as usize] != visit {
                    mark[m as usize] = visit;
                    frontier.push(m);
                }
            }
        }
    }
    total
}
