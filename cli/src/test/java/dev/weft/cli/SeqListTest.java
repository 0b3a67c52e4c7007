package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.error.WeftInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqListTest {
    @Test
    void aDoublingContinuesDoublingUpToTheLastLength() {
        assertEquals(List.of(128, 256, 512, 1024, 2048), SeqList.parse("128,256,...,2048", "--seq"));
        // the last length is kept even off the progression
        assertEquals(List.of(128, 256, 512, 1000), SeqList.parse("128,256,...,1000", "--seq"));
    }

    @Test
    void anyOtherStepIsAddedAgain() {
        assertEquals(List.of(100, 300, 500, 700, 900, 1000), SeqList.parse("100,300,...,1000", "--seq"));
        assertEquals(List.of(128, 384, 640, 896), SeqList.parse("128,384,...,896", "--seq"));
    }

    @Test
    void plainListsAndSingleLengthsPassThrough() {
        assertEquals(List.of(512), SeqList.parse("512", "--seq"));
        assertEquals(List.of(64, 100, 128), SeqList.parse(" 64, 100 ,128", "--seq"));
    }

    @Test
    void malformedListsAreRefused() {
        assertThrows(WeftInputException.class, () -> SeqList.parse("256,128,...,1024", "--seq"));
        assertThrows(WeftInputException.class, () -> SeqList.parse("1,3,...,1000000", "--seq"));
        assertThrows(WeftInputException.class, () -> SeqList.parse("128,...,1024", "--seq"));
        assertThrows(WeftInputException.class, () -> SeqList.parse("128,abc", "--seq"));
    }
}
