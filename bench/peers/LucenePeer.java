// Lucene 9 as a peer, on the Lucene classes of the Anserini fat jar that the
// pyserini source distribution ships (bench/setup.sh fetches it; it is never
// kept in the repository). Compiled with javac against that jar and run on
// the machine's Java 17.
//
// Fields: "en" (EnglishAnalyzer) holds the title, summary and English texts,
// "ru" (RussianAnalyzer) the Russian texts, "other" (StandardAnalyzer) the
// rest; "speakers" the speaker names; "type" and "lang" are keywords; the
// date's first and last day are IntPoints as yyyymmdd, so a range filter
// matches by overlap. The id is the one stored field. One indexing thread,
// a 128 MB buffer as fonds's writer, one commit at the end.
//
// Queries go through the classic MultiFieldQueryParser over en, ru and other
// with the analyzer of each field (AND by default); filters are FILTER and
// MUST_NOT clauses. Match counts are exact (the collector counts every
// hit), as every peer's are. Figures go to standard output as one JSON line,
// the progress to standard error.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LucenePeer {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] TEXT_FIELDS = {"en", "ru", "other"};

    static Analyzer analyzer() {
        Map<String, Analyzer> perField = new HashMap<>();
        perField.put("en", new EnglishAnalyzer());
        perField.put("ru", new RussianAnalyzer());
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField);
    }

    static void log(String msg) {
        System.err.printf("%-15s %s%n", "lucene", msg);
    }

    static int day(String date) {
        return Integer.parseInt(date.replace("-", ""));
    }

    static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static Document document(JsonNode d) {
        Document doc = new Document();
        doc.add(new StringField("id", text(d, "id"), Field.Store.YES));
        doc.add(new TextField("en", text(d, "title"), Field.Store.NO));
        doc.add(new TextField("en", text(d, "summary"), Field.Store.NO));
        List<JsonNode> texts = new ArrayList<>();
        if (d.hasNonNull("original")) texts.add(d.get("original"));
        for (JsonNode t : d.withArray("translations")) texts.add(t);
        for (JsonNode t : texts) {
            String lang = text(t, "lang");
            String field = lang.equals("en") ? "en" : lang.equals("ru") ? "ru" : "other";
            doc.add(new TextField(field, text(t, "text"), Field.Store.NO));
        }
        for (JsonNode s : d.withArray("speakers")) doc.add(new TextField("speakers", s.asText(), Field.Store.NO));
        if (d.hasNonNull("doc_type")) doc.add(new StringField("type", text(d, "doc_type"), Field.Store.NO));
        for (JsonNode l : d.withArray("langs")) doc.add(new StringField("lang", l.asText(), Field.Store.NO));
        if (d.hasNonNull("date") && d.hasNonNull("date_to")) {
            doc.add(new IntPoint("date_from", day(text(d, "date"))));
            doc.add(new IntPoint("date_to", day(text(d, "date_to"))));
        }
        return doc;
    }

    /** A mix entry, ready to run: the query, or null with the reason it cannot be. */
    record Entry(JsonNode spec, String name, String kind, String fonds, Query query, String why) {}

    static Query query(JsonNode spec, JsonNode filter, Analyzer analyzer) throws Exception {
        Query text;
        if (spec.hasNonNull("query")) {
            MultiFieldQueryParser p = new MultiFieldQueryParser(TEXT_FIELDS, analyzer);
            p.setDefaultOperator(QueryParser.Operator.AND);
            text = p.parse(spec.get("query").asText());
        } else {
            text = new MatchAllDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST);
        if (filter.hasNonNull("type")) {
            b.add(new TermQuery(new Term("type", filter.get("type").asText())), BooleanClause.Occur.FILTER);
        }
        if (filter.hasNonNull("lang")) {
            b.add(new TermQuery(new Term("lang", filter.get("lang").asText())), BooleanClause.Occur.FILTER);
        }
        if (filter.hasNonNull("not_type")) {
            b.add(new TermQuery(new Term("type", filter.get("not_type").asText())), BooleanClause.Occur.MUST_NOT);
        }
        if (filter.hasNonNull("date_from") || filter.hasNonNull("date_to")) {
            int from = filter.hasNonNull("date_from") ? day(filter.get("date_from").asText()) : Integer.MIN_VALUE;
            int to = filter.hasNonNull("date_to") ? day(filter.get("date_to").asText()) : Integer.MAX_VALUE;
            b.add(IntPoint.newRangeQuery("date_from", Integer.MIN_VALUE, to), BooleanClause.Occur.FILTER);
            b.add(IntPoint.newRangeQuery("date_to", from, Integer.MAX_VALUE), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /** The number of matches, counted exactly, having fetched the best ids. */
    static long run(IndexSearcher s, Query q, int limit) throws IOException {
        TopScoreDocCollector c = TopScoreDocCollector.create(limit, Integer.MAX_VALUE);
        s.search(q, c);
        TopDocs top = c.topDocs();
        StoredFields stored = s.storedFields();
        for (ScoreDoc sd : top.scoreDocs) stored.document(sd.doc).get("id");
        return top.totalHits.value;
    }

    static long peakRss() throws IOException {
        return procBytes("/proc/self/status", "VmHWM:");
    }

    /** Proportional resident memory of this process now (smaps_rollup's Pss). */
    static long pss() throws IOException {
        return procBytes("/proc/self/smaps_rollup", "Pss:");
    }

    static long procBytes(String path, String key) throws IOException {
        for (String line : Files.readAllLines(Paths.get(path))) {
            if (line.startsWith(key)) return Long.parseLong(line.split("\\s+")[1]) * 1024;
        }
        return 0;
    }

    /** Runs this program again in a fresh JVM with the same options and
     *  `--rest 1`, and reads the memory at rest it prints. */
    static long restInFreshJvm(String[] argv) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("LucenePeer");
        cmd.addAll(Arrays.asList(argv));
        cmd.add("--rest");
        cmd.add("1");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new RuntimeException("the --rest run failed");
        String[] lines = out.split("\n");
        return JSON.readTree(lines[lines.length - 1]).get("rest_bytes").asLong();
    }

    static long dirBytes(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static double pct(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) return 0;
        return sortedNanos.get((int) Math.round((sortedNanos.size() - 1) * p)) / 1e6;
    }

    static ObjectNode latencies(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        s.sort(null);
        ObjectNode o = JSON.createObjectNode();
        o.put("n", s.size());
        o.put("p50_ms", pct(s, 0.50));
        o.put("p95_ms", pct(s, 0.95));
        o.put("p99_ms", pct(s, 0.99));
        return o;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("--rounds", "50", "--clients", "4",
                "--clients-secs", "5", "--max-secs", "60", "--warmup-secs", "5"));
        for (int i = 0; i + 1 < argv.length; i += 2) a.put(argv[i], argv[i + 1]);
        Path corpus = Paths.get(a.get("--corpus")), dir = Paths.get(a.get("--dir"));
        int rounds = Integer.parseInt(a.get("--rounds")), clients = Integer.parseInt(a.get("--clients"));
        double clientsSecs = Double.parseDouble(a.get("--clients-secs"));
        double maxSecs = Double.parseDouble(a.get("--max-secs"));
        double warmupSecs = Double.parseDouble(a.get("--warmup-secs"));
        JsonNode mixFile = JSON.readTree(Files.readString(Paths.get(a.get("--queries"))));
        int limit = mixFile.path("limit").asInt(20);
        Analyzer analyzer = analyzer();

        // Memory at rest: a fresh JVM opens the index built before and
        // answers a first query.
        if (a.containsKey("--rest")) {
            try (FSDirectory fs = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(fs)) {
                run(new IndexSearcher(reader), query(JSON.readTree("{\"query\": \"Mikoyan\"}"), JSON.createObjectNode(), analyzer), limit);
                System.out.println(JSON.createObjectNode().put("rest_bytes", pss()));
            }
            return;
        }

        // Import.
        Files.createDirectories(dir);
        long t0 = System.nanoTime(), docs = 0, raw = 0;
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setRAMBufferSizeMB(128)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (FSDirectory fs = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(fs, cfg);
             BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode d = JSON.readTree(line);
                raw += d.path("bytes").asLong();
                w.addDocument(document(d));
                docs++;
            }
            w.commit();
        }
        double importSecs = (System.nanoTime() - t0) / 1e9;
        long indexBytes = dirBytes(dir);
        log(String.format("import %d docs in %.2f s: %.0f docs/s, %.2f MB/s; index %.1f MB", docs, importSecs,
                docs / importSecs, raw / 1e6 / importSecs, indexBytes / 1e6));

        List<Entry> entries = new ArrayList<>();
        for (JsonNode q : mixFile.get("queries")) {
            JsonNode spec = q.get("peers").get("lucene");
            JsonNode filter = q.has("filter") ? q.get("filter") : JSON.createObjectNode();
            String why = spec.hasNonNull("unsupported") ? spec.get("unsupported").asText() : null;
            entries.add(new Entry(spec, q.get("name").asText(), q.get("kind").asText(), q.get("fonds").asText(),
                    why == null ? query(spec, filter, analyzer) : null, why));
        }

        // Cold start: open the index and answer a first query.
        long c0 = System.nanoTime();
        FSDirectory fs = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(fs);
        IndexSearcher searcher = new IndexSearcher(reader);
        long first = run(searcher, query(JSON.readTree("{\"query\": \"Mikoyan\"}"), JSON.createObjectNode(), analyzer), limit);
        double coldMs = (System.nanoTime() - c0) / 1e6;
        log(String.format("cold start %.1f ms (%d hits for Mikoyan)", coldMs, first));
        long restBytes = restInFreshJvm(argv);
        log(String.format("memory at rest %.1f MB", restBytes / 1e6));

        // Warm-up, untimed: the mix over and over for a while, so the JIT has
        // compiled the search path before anything is measured (the other
        // peers go round the mix once).
        long w0 = System.nanoTime(), passes = 0;
        do {
            for (Entry e : entries) if (e.query != null) run(searcher, e.query, limit);
            passes++;
        } while (System.nanoTime() - w0 < warmupSecs * 1e9 && passes < 100_000);
        log(String.format("warm-up: %d passes of the mix in %.1f s", passes, (System.nanoTime() - w0) / 1e9));

        // One client.
        ArrayNode queries = JSON.createArrayNode();
        List<Long> all = new ArrayList<>();
        long budget = (long) (maxSecs * 1e9 / Math.max(1, entries.size()));
        long p0 = System.nanoTime();
        for (Entry e : entries) {
            ObjectNode o = queries.addObject();
            o.put("name", e.name).put("kind", e.kind).put("fonds", e.fonds);
            if (e.query == null) {
                log(String.format("%-22s not expressible: %s", e.name, e.why));
                o.put("supported", false).put("why", e.why);
                continue;
            }
            List<Long> times = new ArrayList<>();
            long hits = 0, start = System.nanoTime();
            for (int r = 0; r < Math.max(1, rounds); r++) {
                long t = System.nanoTime();
                hits = run(searcher, e.query, limit);
                times.add(System.nanoTime() - t);
                if (System.nanoTime() - start > budget) break;
            }
            all.addAll(times);
            ObjectNode l = latencies(times);
            log(String.format("%-22s %6d hits  p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms", e.name, hits,
                    l.get("p50_ms").asDouble(), l.get("p95_ms").asDouble(), l.get("p99_ms").asDouble()));
            o.put("supported", true).put("hits", hits);
            o.setAll(l);
        }
        double oneSecs = (System.nanoTime() - p0) / 1e9;
        ObjectNode mix1 = latencies(all);
        mix1.put("qps", all.size() / Math.max(oneSecs, 1e-9));

        // Several clients: threads sharing the searcher, each going round the
        // mix from its own starting point, for a bounded time and count.
        List<Query> runnable = new ArrayList<>();
        for (Entry e : entries) if (e.query != null) runnable.add(e.query);
        AtomicLong total = new AtomicLong();
        long deadline = System.nanoTime() + (long) (clientsSecs * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long m0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            final int offset = c;
            Thread th = new Thread(() -> {
                try {
                    outer:
                    for (int r = 0; r < 100_000; r++) {
                        for (int k = 0; k < runnable.size(); k++) {
                            run(searcher, runnable.get((k + offset) % runnable.size()), limit);
                            total.incrementAndGet();
                            if (System.nanoTime() > deadline) break outer;
                        }
                    }
                } catch (Throwable t) {
                    synchronized (failures) { failures.add(t); }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        if (!failures.isEmpty()) throw new RuntimeException(failures.get(0));
        double mSecs = (System.nanoTime() - m0) / 1e9;
        ObjectNode mix4 = JSON.createObjectNode();
        mix4.put("clients", clients).put("queries", total.get()).put("secs", mSecs).put("qps", total.get() / mSecs);
        log(String.format("%d clients: %d queries in %.2f s, %.0f queries/s", clients, total.get(), mSecs,
                total.get() / mSecs));
        reader.close();
        fs.close();

        ObjectNode out = JSON.createObjectNode();
        out.put("peer", "lucene");
        out.put("engine", "Lucene " + Version.LATEST + " (Anserini fat jar, Java " + Runtime.version().feature() + ")");
        out.put("docs", docs).put("raw_bytes", raw).put("import_secs", importSecs);
        out.put("import_docs_per_s", docs / importSecs).put("import_mb_per_s", raw / 1e6 / importSecs);
        out.put("index_bytes", indexBytes).put("peak_rss_bytes", peakRss()).put("cold_start_ms", coldMs)
                .put("rest_bytes", restBytes);
        out.set("queries", queries);
        out.set("mix1", mix1);
        out.set("mix4", mix4);
        ArrayNode notes = out.putArray("notes");
        notes.add("EnglishAnalyzer, RussianAnalyzer, StandardAnalyzer by field; classic query parser");
        notes.add("one indexing thread and a 128 MB buffer, as fonds's writer; one commit at the end");
        notes.add("exact match counts (no early termination); peak memory is the JVM's resident set, heap capped by -Xmx");
        notes.add("cold start is in a warm JVM: open the index and answer a first query");
        notes.add("memory at rest is the PSS of a fresh JVM (same options) that opened the index and answered a first query");
        notes.add("the JIT is warmed up on the mix (--warmup-secs) before the timed phases");
        notes.add("4 clients are 4 threads sharing one IndexSearcher");
        System.out.println(JSON.writeValueAsString(out));
    }
}
