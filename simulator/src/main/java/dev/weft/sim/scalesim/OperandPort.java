package dev.weft.sim.scalesim;

/**
 * One read operand of a layer as SCALE-Sim serves it: where its words lie in the prefetch order
 * ({@link StreamedOperand} or {@link StationaryOperand}) and the SRAM that serves them, a
 * {@link ReadBuffer} in USER bandwidth mode or an {@link EstimateReadBuffer} in CALC mode.
 *
 * <p>A GEMM operand is served a cycle's consecutive words at once, in CALC mode as a run of its
 * fold's block. A convolution's ifmap whose words repeat or whose windows hang over the edge is
 * served word by word, by address.
 */
final class OperandPort {
    private final StreamedOperand streamed;
    private final StationaryOperand stationary;
    private final boolean matrixIsTransposedIfmap;
    private final Im2col conv;
    private final long window;
    /** Prefetch position of each im2col word (row-major), -1 for none, where windows hang over the edge. */
    private final int[] positions;
    private final ReadBuffer user;
    private final EstimateReadBuffer calc;
    private final long[] demand = new long[4];
    private final long[] demandRows = new long[2];
    private long foldRow = -1;
    private long foldCol = -1;
    /** In CALC mode, how a GEMM fold's words come: a streamed block skews in, a stationary one comes a row a cycle. */
    private SkewBand words;
    private long wordsPerRow;
    private final long[] readers;
    private long firstCycle = -1;
    private long lastCycle;

    /**
     * @param conv                    the convolution whose ifmap this is, when it must be served word by
     *                                word; null otherwise
     * @param matrixIsTransposedIfmap whether the layout's matrix is the im2col ifmap transposed
     * @param window                  the im2col row length (the layer's K)
     */
    OperandPort(StreamedOperand streamed, StationaryOperand stationary, Im2col conv, boolean matrixIsTransposedIfmap,
                long window, ScaleSimConfig config, long sramWords) {
        this.streamed = streamed;
        this.stationary = stationary;
        this.conv = conv;
        this.matrixIsTransposedIfmap = matrixIsTransposedIfmap;
        this.window = window;
        long valid = streamed != null ? streamed.validWords() : stationary.validWords();
        long fetch = streamed != null ? streamed.fetchWords() : stationary.fetchWords();
        this.positions = conv != null && conv.overhangs() ? numberWords() : null;
        if (positions != null) {
            valid = 0;
            for (int position : positions) {
                valid += position >= 0 ? 1 : 0;
            }
        }
        this.user = config.userBandwidth() ? new ReadBuffer(sramWords, valid, fetch, config.bandwidthWords()) : null;
        long blocks = streamed != null ? streamed.folds()
                : ReadBuffer.ceilDiv(stationary.rows(), stationary.arrayRows()) * stationary.colFolds();
        this.calc = config.userBandwidth() ? null
                : conv != null ? new EstimateReadBuffer(sramWords, conv.addresses(), 0)
                : new EstimateReadBuffer(sramWords, 0, blocks);
        this.readers = new long[conv != null ? conv.maxReaders() : 0];
    }

    /** Numbers the im2col words in prefetch order, skipping those over the edge, as SCALE-Sim's sets count them. */
    private int[] numberWords() {
        long rows = streamed != null ? streamed.length() : stationary.rows();
        long cols = streamed != null ? streamed.span() : stationary.cols();
        int[] numbers = new int[Math.toIntExact(rows * cols)];
        int next = 0;
        if (streamed != null) {
            long width = streamed.width();
            long stacked = streamed.length() * streamed.folds();
            for (long diagonal = 0; diagonal < stacked + width - 1; diagonal++) {
                for (long row = Math.min(diagonal, stacked - 1); row >= Math.max(0, diagonal - width + 1); row--) {
                    long col = row / rows * width + diagonal - row;
                    if (col < cols) {
                        next = number(numbers, row % rows, col, next);
                    }
                }
            }
        } else {
            for (long colFold = 0; colFold < stationary.colFolds(); colFold++) {
                for (long row = 0; row < rows; row++) {
                    for (long col = colFold * stationary.arrayCols();
                         col < Math.min(cols, (colFold + 1) * stationary.arrayCols()); col++) {
                        next = number(numbers, row, col, next);
                    }
                }
            }
        }
        return numbers;
    }

    private int number(int[] numbers, long row, long col, int next) {
        int slot = (int) (im2colRow(row, col) * window + im2colCol(row, col));
        boolean word = conv.address(im2colRow(row, col), im2colCol(row, col)) >= 0;
        numbers[slot] = word ? next : -1;
        return word ? next + 1 : next;
    }

    private long positionOf(long row, long col) {
        if (positions != null) {
            return positions[(int) (im2colRow(row, col) * window + im2colCol(row, col))];
        }
        return streamed != null ? streamed.positionOf(row, col) : stationary.positionOf(row, col);
    }

    /**
     * Serves cycle {@code step} of fold (rowFold, colFold), {@code streamFold} being the fold of a
     * streamed operand; answers how many cycles the array waits for it.
     */
    long serve(long rowFold, long colFold, long streamFold, long step, long cycle) {
        demandRows(rowFold, colFold, streamFold);
        boolean any = streamed != null ? streamed.demand(streamFold, step, demand)
                : stationary.demand(rowFold, colFold, step, demand);
        if (!any) {
            return 0;
        }
        long out;
        if (conv == null) {
            if (user != null) {
                out = user.serve(cycle, demand[0], demand[1]);
            } else {
                calc.run(cycle, wordsBefore(step), wordsBefore(step + 1));
                out = cycle + 1;
            }
        } else {
            long before = user != null ? user.prefetches() : 0;
            boolean someWord = false;
            long rowStep = streamed != null ? -1 : 0;
            for (long e = 0; e <= demand[1] - demand[0]; e++) {
                long i = im2colRow(demand[2] + e * rowStep, demand[3] + e);
                long j = im2colCol(demand[2] + e * rowStep, demand[3] + e);
                long address = conv.address(i, j);
                if (address < 0) {
                    continue;
                }
                someWord = true;
                if (user != null) {
                    user.reachAny(readers, conv.readersOf(i, j, this::positionOfIm2col, readers));
                } else {
                    calc.demand(cycle, address);
                }
            }
            if (!someWord) {
                return 0;
            }
            out = user != null ? user.answer(cycle, before) : cycle + 1;
        }
        if (firstCycle < 0) {
            firstCycle = out;
        }
        lastCycle = out;
        return out - cycle - 1;
    }

    /** The fold's cycles that demand words: {@code [from, to)}, into {@code demandRows}. */
    private void demandRows(long rowFold, long colFold, long streamFold) {
        if (calc != null && conv == null && (rowFold != foldRow || colFold != foldCol)) {
            foldRow = rowFold;
            foldCol = colFold;
            if (streamed != null) {
                calc.startBlock((int) streamFold);
                words = new SkewBand(streamed.leadCycles(), 0, streamed.length() - 1,
                        streamed.columnsUsed(streamFold));
            } else {
                calc.startBlock((int) (rowFold * stationary.colFolds() + colFold));
                wordsPerRow = Math.min(stationary.arrayCols(), stationary.cols() - colFold * stationary.arrayCols());
            }
        }
        if (streamed != null) {
            demandRows[0] = streamed.leadCycles();
            demandRows[1] = streamed.leadCycles() + streamed.length() + streamed.columnsUsed(streamFold) - 1;
        } else {
            demandRows[0] = stationary.arrayRows() - Math.min(stationary.arrayRows(),
                    stationary.rows() - rowFold * stationary.arrayRows());
            demandRows[1] = stationary.arrayRows();
        }
    }

    /**
     * The first cycle of the fold at or after {@code step} whose demand the window may not hold,
     * which must be served by {@link #serve}; {@link Long#MAX_VALUE} if none. Cycles before it
     * are hits, served by {@link #skip}.
     */
    long nextEvent(long rowFold, long colFold, long streamFold, long step) {
        demandRows(rowFold, colFold, streamFold);
        long from = Math.max(step, demandRows[0]);
        if (from >= demandRows[1]) {
            return Long.MAX_VALUE;
        }
        if (conv != null) {
            return from;
        }
        if (calc != null) {
            long first = wordsBefore(from);
            long prefetch = calc.nextPrefetchWord(first, wordsBefore(demandRows[1]));
            if (prefetch < 0) {
                return Long.MAX_VALUE;
            }
            return streamed != null ? words.cycleReaching(from, prefetch - first + 1)
                    : demandRows[0] + prefetch / wordsPerRow;
        }
        if (streamed == null) {
            // the block's rows come bottom first, down the prefetch order: all are hits if the window holds them all
            long lowest = stationary.positionOf(rowFold * stationary.arrayRows(), colFold * stationary.arrayCols());
            stationary.demand(rowFold, colFold, from, demand);
            long past = user.firstPositionPast(lowest);
            return past >= 0 && demand[1] < past ? Long.MAX_VALUE : from;
        }
        streamed.demand(streamFold, from, demand);
        long past = user.firstPositionPast(demand[0]);
        if (past < 0) {
            return from;
        }
        // a streamed fold's demand only moves forward in prefetch order: find the first cycle reaching past the window
        long low = from;
        long high = demandRows[1];
        while (low < high) {
            long mid = (low + high) >>> 1;
            streamed.demand(streamFold, mid, demand);
            if (demand[1] >= past) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low == demandRows[1] ? Long.MAX_VALUE : low;
    }

    /** Serves the fold's cycles {@code [from, to)}, all hits, the first at {@code cycle}. */
    void skip(long rowFold, long colFold, long streamFold, long from, long to, long cycle) {
        demandRows(rowFold, colFold, streamFold);
        long first = Math.max(from, demandRows[0]);
        long last = Math.min(to, demandRows[1]) - 1;
        if (first <= last) {
            if (calc != null) {
                calc.run(cycle + first - from, wordsBefore(first), wordsBefore(last + 1));
            }
            if (firstCycle < 0) {
                firstCycle = cycle + first - from + 1;
            }
            lastCycle = cycle + last - from + 1;
        }
    }

    /** CALC mode: the words of the current fold's block demanded before fold cycle {@code step}. */
    private long wordsBefore(long step) {
        if (streamed != null) {
            return words.before(step);
        }
        return Math.max(0, Math.min(step, demandRows[1]) - demandRows[0]) * wordsPerRow;
    }

    private long positionOfIm2col(long i, long j) {
        return matrixIsTransposedIfmap ? positionOf(j, i) : positionOf(i, j);
    }

    private long im2colRow(long row, long col) {
        return matrixIsTransposedIfmap ? col : row;
    }

    private long im2colCol(long row, long col) {
        return matrixIsTransposedIfmap ? row : col;
    }

    LayerReport.Traffic sram(long words) {
        return new LayerReport.Traffic(firstCycle, lastCycle, words);
    }

    LayerReport.Traffic dram() {
        return user != null ? user.dram() : calc.dram();
    }
}
