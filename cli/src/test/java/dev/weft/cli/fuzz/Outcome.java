package dev.weft.cli.fuzz;

/** How one case ended: a valid result, a clean refusal, or a defect (with why). */
record Outcome(Kind kind, String why) {

    enum Kind { OK, CLEAN_ERROR, DEFECT }

    static Outcome ok() {
        return new Outcome(Kind.OK, "");
    }

    static Outcome clean() {
        return new Outcome(Kind.CLEAN_ERROR, "");
    }

    static Outcome defect(String why) {
        return new Outcome(Kind.DEFECT, why);
    }
}
