//! Paragraph heights with prefix sums in logarithmic time (a Fenwick tree), so the reader finds
//! the paragraphs in view and their tops without walking the whole document every frame.
//!
//! Sums are kept in `f64`: a long document is millions of points tall, where `f32` steps are
//! already a quarter of a point.

/// Heights of `len` items, with O(log n) update, prefix sum and search.
#[derive(Clone, Debug, Default)]
pub struct Heights {
    /// The heights themselves.
    values: Vec<f32>,
    /// Fenwick tree over `values`, 1-based: `tree[i]` sums `values[i - lowbit(i) .. i]`.
    tree: Vec<f64>,
}

impl Heights {
    /// Builds the sums of `values` in O(n).
    pub fn new(values: Vec<f32>) -> Heights {
        let n = values.len();
        let mut tree = vec![0.0f64; n + 1];
        for i in 1..=n {
            tree[i] += f64::from(values[i - 1]);
            let parent = i + lowbit(i);
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Heights { values, tree }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn get(&self, i: usize) -> f32 {
        self.values[i]
    }

    /// Changes item `i`'s height.
    pub fn set(&mut self, i: usize, height: f32) {
        let delta = f64::from(height) - f64::from(self.values[i]);
        self.values[i] = height;
        if delta == 0.0 {
            return;
        }
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] += delta;
            k += lowbit(k);
        }
    }

    /// Sum of the heights of items `0..i`: the top of item `i`.
    pub fn top(&self, i: usize) -> f32 {
        let mut k = i.min(self.values.len());
        let mut sum = 0.0f64;
        while k > 0 {
            sum += self.tree[k];
            k -= lowbit(k);
        }
        sum as f32
    }

    /// Sum of all heights.
    pub fn total(&self) -> f32 {
        self.top(self.values.len())
    }

    /// The item whose span `top..top + height` holds `y`: the first item whose bottom is below
    /// `y`. `len()` when `y` is past the end; 0 for negative `y`.
    pub fn index_at(&self, y: f32) -> usize {
        let n = self.values.len();
        if y < 0.0 {
            return 0;
        }
        let y = f64::from(y);
        let mut pos = 0usize;
        let mut sum = 0.0f64;
        let mut step = if n == 0 {
            0
        } else {
            1 << (usize::BITS - 1 - n.leading_zeros())
        };
        // Largest `pos` with prefix(pos) <= y, stepping down powers of two.
        while step > 0 {
            let next = pos + step;
            if next <= n && sum + self.tree[next] <= y {
                pos = next;
                sum += self.tree[next];
            }
            step >>= 1;
        }
        // `pos` is the largest count of items ending at or above `y`, so item `pos` (never one
        // of zero height, which would end at `y` too) holds it.
        pos
    }
}

fn lowbit(i: usize) -> usize {
    i & i.wrapping_neg()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sums_follow_updates() {
        let mut h = Heights::new(vec![10.0, 20.0, 0.0, 5.0, 15.0]);
        assert_eq!(
            (0..=5).map(|i| h.top(i)).collect::<Vec<_>>(),
            [0.0, 10.0, 30.0, 30.0, 35.0, 50.0]
        );
        h.set(1, 2.0);
        assert_eq!(h.top(2), 12.0);
        assert_eq!(h.total(), 32.0);
        assert_eq!(h.get(1), 2.0);
    }

    #[test]
    fn finds_the_item_holding_a_y() {
        let h = Heights::new(vec![10.0, 20.0, 0.0, 5.0, 15.0]);
        let expect = [
            (-3.0, 0),
            (0.0, 0),
            (9.9, 0),
            (10.0, 1),
            (29.0, 1),
            (30.0, 3),
            (34.0, 3),
            (35.0, 4),
            (49.0, 4),
            (50.0, 5),
            (1e9, 5),
        ];
        for (y, i) in expect {
            assert_eq!(h.index_at(y), i, "y = {y}");
        }
        assert_eq!(Heights::new(Vec::new()).index_at(3.0), 0);
    }

    #[test]
    fn agrees_with_a_linear_scan_on_many_items() {
        let values: Vec<f32> = (0..1000).map(|i| ((i * 37) % 50) as f32).collect();
        let mut h = Heights::new(values.clone());
        let mut v = values;
        for i in (0..1000).step_by(7) {
            v[i] = (i % 13) as f32 * 3.0;
            h.set(i, v[i]);
        }
        let mut top = 0.0f32;
        for (i, &height) in v.iter().enumerate() {
            assert!((h.top(i) - top).abs() < 0.01);
            if height > 0.0 {
                assert_eq!(h.index_at(top + height / 2.0), i);
            }
            top += height;
        }
    }
}
