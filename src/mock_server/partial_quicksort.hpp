#pragma once
// Redis's pqsort (Bentley and McIlroy's quicksort that skips the partitions outside a wanted
// range of positions). GEORADIUS and GEOSEARCH with COUNT sort only the first COUNT places with
// it, and as it is not stable, which of several equally distant members come first is whatever
// its swaps make of the input order: the same swaps here give the same answer.

#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>

namespace kvmock {

// Puts the elements that belong at positions [first_wanted, last_wanted] of `items` sorted by
// `compare` (which returns <0, 0 or >0, as qsort's comparators) there, in order.
template <typename T, typename Compare>
void partial_quicksort(std::span<T> items, std::size_t first_wanted, std::size_t last_wanted, Compare compare) {
  auto cmp = [&](std::size_t a, std::size_t b) { return compare(items[a], items[b]); };
  auto swap = [&](std::size_t a, std::size_t b) { std::swap(items[a], items[b]); };
  auto swap_runs = [&](std::size_t a, std::size_t b, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) swap(a + k, b + k);
  };
  auto median_of_3 = [&](std::size_t a, std::size_t b, std::size_t c) {
    return cmp(a, b) < 0 ? (cmp(b, c) < 0 ? b : (cmp(a, c) < 0 ? c : a))
                         : (cmp(b, c) > 0 ? b : (cmp(a, c) < 0 ? a : c));
  };
  // Whether [start, start + n) holds none of the wanted positions.
  auto unwanted = [&](std::size_t start, std::size_t n) {
    return (first_wanted < start && last_wanted < start) ||
           (first_wanted >= start + n && last_wanted >= start + n);
  };
  auto sort = [&](auto& self, std::size_t start, std::size_t n) -> void {
    for (;;) {
      if (n < 7) {
        for (std::size_t m = start + 1; m < start + n; ++m) {
          for (std::size_t l = m; l > start && cmp(l - 1, l) > 0; --l) swap(l, l - 1);
        }
        return;
      }
      std::size_t middle = start + n / 2;
      if (n > 7) {
        std::size_t low = start;
        std::size_t high = start + n - 1;
        if (n > 40) {
          const std::size_t d = n / 8;
          low = median_of_3(low, low + d, low + 2 * d);
          middle = median_of_3(middle - d, middle, middle + d);
          high = median_of_3(high - 2 * d, high - d, high);
        }
        middle = median_of_3(low, middle, high);
      }
      swap(start, middle);
      // Partition around items[start]; elements equal to it gather at both ends.
      std::size_t pa = start + 1, pb = start + 1;
      std::size_t pc = start + n - 1, pd = start + n - 1;
      for (;;) {
        int result = 0;
        while (pb <= pc && (result = cmp(pb, start)) <= 0) {
          if (result == 0) swap(pa++, pb);
          ++pb;
        }
        while (pb <= pc && (result = cmp(pc, start)) >= 0) {
          if (result == 0) swap(pc, pd--);
          --pc;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
      }
      const std::size_t end = start + n;
      std::size_t r = std::min(pa - start, pb - pa);
      swap_runs(start, pb - r, r);
      r = std::min(pd - pc, end - pd - 1);
      swap_runs(pb, end - r, r);
      if ((r = pb - pa) > 1 && !unwanted(start, r)) self(self, start, r);
      if ((r = pd - pc) <= 1) return;
      start = end - r;
      n = r;
      if (unwanted(start, n)) return;
    }
  };
  sort(sort, 0, items.size());
}

}  // namespace kvmock
