//! The two walks of the whole priority tree that `parent` links make, over the links alone:
//! loops found and cut, nesting limited. Both are linear whatever the shape (a 20 000-long
//! chain into a loop took seconds when each priority walked its whole chain), and kept apart
//! from reporting so tests can run them on millions of links without parsing a file.

/// Finds every loop of parent links, cuts each at its first member (lowest index) and returns
/// the loops, each from that member along the parent links. Every priority is walked once.
pub fn cut_loops(parent: &mut [Option<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    // For each priority: UNSEEN, DONE, or its position on the path being walked.
    let mut state = vec![UNSEEN; parent.len()];
    let mut loops = Vec::new();
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut next = Some(start);
        while let Some(p) = next {
            match state[p] {
                DONE => break,
                UNSEEN => {
                    state[p] = path.len();
                    path.push(p);
                    next = parent[p];
                }
                at => {
                    let first = path[at..].iter().copied().min().unwrap_or(p);
                    let mut members = vec![first];
                    let mut up = parent[first];
                    while let Some(q) = up.filter(|&q| q != first) {
                        members.push(q);
                        up = parent[q];
                    }
                    parent[first] = None;
                    loops.push(members);
                    break;
                }
            }
        }
        for p in path {
            state[p] = DONE;
        }
    }
    loops
}

/// Cuts, on each branch, the first priority nested more than `max` levels deep from its
/// parent (it then starts a new tree, and the same limit applies below it); returns the ones
/// cut, in the order found. The links must be loop-free ([`cut_loops`] first). Each depth is
/// worked out once.
pub fn cut_too_deep(parent: &mut [Option<usize>], max: usize) -> Vec<usize> {
    let mut depth: Vec<Option<usize>> = vec![None; parent.len()];
    let mut cut = Vec::new();
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut next = Some(start);
        let mut above = None;
        while let Some(p) = next {
            if let Some(d) = depth[p] {
                above = Some(d);
                break;
            }
            path.push(p);
            next = parent[p];
        }
        // Top-down along the path: each one level below the one above it.
        for &p in path.iter().rev() {
            let mut d = above.map_or(0, |d| d + 1);
            if d > max {
                cut.push(p);
                parent[p] = None;
                d = 0;
            }
            depth[p] = Some(d);
            above = Some(d);
        }
    }
    cut
}
