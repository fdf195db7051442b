// LEMON 1.3 peer for the matching benchmarks: reads a text edge list (`n m`, then m lines
// `u v w`, 0-based vertices, integer weights; `#` comments and blank lines ignored, the
// format of examples/solve_edges.rs) and times only MaxWeightedMatching::run().
//
//   g++ -O2 -std=c++17 -o lemon_driver lemon_driver.cpp -llemon
//   ./lemon_driver FILE [R] [--max-cardinality]
//
// With --max-cardinality every weight is shifted by peermatch's maximum-cardinality shift
// (K - 1) * (max - min) - min + 1, K = floor(n / 2) (see peermatch's Certificate docs), so
// LEMON solves the same maximum-cardinality problem; the weight printed is in the original
// units. Exit 2 if the shifted weights would not fit in 2^58, as peermatch does.
//
// Prints one line:
//   lemon NAME n m weight cardinality median_seconds min_seconds max_seconds R
// where the times are of R fresh MaxWeightedMatching objects' run() (default R = 5;
// graph and weight map are built once, outside the timed region). Exit 2 on bad input.
// Not part of the Rust build or of CI: benches/peers/side_by_side.sh builds and calls it.
#include <lemon/matching.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Graph = lemon::SmartGraph;
using WeightMap = Graph::EdgeMap<long long>;

static bool next_tokens(std::istream& in, std::vector<std::string>& toks, long& line_no) {
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        auto hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        std::istringstream ss(line);
        toks.clear();
        std::string t;
        while (ss >> t) toks.push_back(t);
        if (!toks.empty()) return true;
    }
    return false;
}

static long long parse_ll(const std::string& t, long line_no) {
    char* end = nullptr;
    errno = 0;
    long long x = std::strtoll(t.c_str(), &end, 10);
    if (errno != 0 || end == t.c_str() || *end != '\0') {
        std::fprintf(stderr, "error: line %ld: not an integer: %s\n", line_no, t.c_str());
        std::exit(2);
    }
    return x;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: lemon_driver FILE [R]\n");
        return 2;
    }
    std::string path = argv[1];
    int reps = 5;
    bool max_card = false;
    for (int a = 2; a < argc; ++a) {
        std::string arg = argv[a];
        if (arg == "--max-cardinality") max_card = true;
        else reps = std::atoi(argv[a]);
    }
    if (reps < 1) reps = 1;
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "error: cannot read %s\n", path.c_str());
        return 2;
    }
    std::vector<std::string> toks;
    long line_no = 0;
    if (!next_tokens(in, toks, line_no) || toks.size() != 2) {
        std::fprintf(stderr, "error: line %ld: expected a header `n m`\n", line_no);
        return 2;
    }
    long long n = parse_ll(toks[0], line_no), m = parse_ll(toks[1], line_no);
    if (n < 0 || m < 0) {
        std::fprintf(stderr, "error: line %ld: negative count\n", line_no);
        return 2;
    }
    Graph g;
    g.reserveNode(static_cast<int>(n));
    g.reserveEdge(static_cast<int>(m));
    std::vector<Graph::Node> nodes;
    nodes.reserve(n);
    for (long long i = 0; i < n; ++i) nodes.push_back(g.addNode());
    std::vector<std::pair<Graph::Edge, long long>> edges;
    edges.reserve(m);
    for (long long k = 0; k < m; ++k) {
        if (!next_tokens(in, toks, line_no) || toks.size() != 3) {
            std::fprintf(stderr, "error: line %ld: expected `u v w`\n", line_no);
            return 2;
        }
        long long u = parse_ll(toks[0], line_no), v = parse_ll(toks[1], line_no);
        long long w = parse_ll(toks[2], line_no);
        if (u < 0 || v < 0 || u >= n || v >= n || u == v) {
            std::fprintf(stderr, "error: line %ld: bad endpoints\n", line_no);
            return 2;
        }
        edges.emplace_back(g.addEdge(nodes[u], nodes[v]), w);
    }
    long long shift = 0;
    if (max_card && !edges.empty()) {
        long long lo = edges[0].second, hi = edges[0].second;
        for (auto& e : edges) {
            lo = std::min(lo, e.second);
            hi = std::max(hi, e.second);
        }
        __int128 k = n / 2;
        __int128 s = (k > 1 ? k - 1 : 0) * (__int128)(hi - lo) - lo + 1;
        if ((__int128)hi + s > ((__int128)1 << 58)) {
            std::fprintf(stderr, "error: the maximum-cardinality shift overflows 2^58\n");
            return 2;
        }
        shift = (long long)s;
    }
    WeightMap weight(g);
    for (auto& e : edges) weight[e.first] = e.second + shift;

    std::vector<double> times;
    long long total = 0;
    int card = 0;
    for (int r = 0; r < reps; ++r) {
        lemon::MaxWeightedMatching<Graph, WeightMap> mwm(g, weight);
        auto t0 = std::chrono::steady_clock::now();
        mwm.run();
        auto t1 = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double>(t1 - t0).count());
        // Weight and cardinality recomputed from the matching itself (not timed).
        long long w = 0;
        int c = 0;
        for (auto& e : edges) {
            if (mwm.matching(e.first)) {
                w += e.second;
                ++c;
            }
        }
        total = w;
        card = c;
    }
    std::sort(times.begin(), times.end());
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.size() > 4 && name.substr(name.size() - 4) == ".txt") name.resize(name.size() - 4);
    std::printf("lemon %s %lld %lld %lld %d %.6f %.6f %.6f %d\n", name.c_str(), n, m, total, card,
                times[times.size() / 2], times.front(), times.back(), reps);
    return 0;
}
