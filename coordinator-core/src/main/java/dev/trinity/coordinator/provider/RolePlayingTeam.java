package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import dev.trinity.coordinator.role.ThinkerParser;
import dev.trinity.coordinator.role.VerifierParser;
import dev.trinity.coordinator.role.VerifierStatus;
import dev.trinity.coordinator.role.VerifierVerdict;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline team behind {@link MockChatProvider#rolePlaying()}: three roles that read the conversation and act
 * by their contracts, so a mock run shows the whole TRINITY loop. No model is behind them; what they can really do
 * is arithmetic on two whole numbers ({@code 17 * 24}, {@code 6 + 7}, ...), which they answer and check for real.
 *
 * <ul>
 *   <li>Thinker: with no answer yet, plans and suggests the Worker; with an unchecked answer, suggests the
 *       Verifier; after a REVISE, suggests the Worker again with the diagnosis
 *       ({@code <suggestion>...</suggestion><suggested_role>solver|verifier</suggested_role>}).</li>
 *   <li>Worker: answers ({@code Answer: ...}); its first answer is a bare result, later ones show the working.</li>
 *   <li>Verifier: recomputes the latest answer; REVISE when it is wrong, or when the task asks for the working
 *       and the answer shows none; else ACCEPT. It accepts free-text answers, saying it cannot judge them.</li>
 * </ul>
 */
final class RolePlayingTeam {

    /** How the Worker's replies start, so the team can find the latest answer in the transcript. */
    static final String ANSWER = "Answer: ";

    private static final Pattern SUM = Pattern.compile("(-?\\d{1,9})\\s*([+\\-*x×])\\s*(-?\\d{1,9})");
    private static final Pattern ASKS_FOR_WORKING = Pattern.compile(
            "\\b(show|explain|give)\\b.*\\b(working|work|steps|reasoning)\\b|step by step", Pattern.CASE_INSENSITIVE);

    private RolePlayingTeam() {
    }

    /** What the transcript of a request says: the task, the latest answer and whether a verdict followed it. */
    private record State(String task, String answer, int answers, VerifierVerdict verdict) {

        static State of(List<Message> messages) {
            String task = "";
            String answer = null;
            int answers = 0;
            VerifierVerdict verdict = null;
            for (Message message : messages) {
                if (message.role() == MessageRole.USER) {
                    task = message.content().strip();
                } else if (message.role() == MessageRole.ASSISTANT) {
                    String text = message.content().strip();
                    VerifierVerdict parsed = VerifierParser.parse(text, "ACCEPT", null);
                    if (parsed.status() != VerifierStatus.UNKNOWN) {
                        verdict = parsed;
                    } else if (!isThinker(text)) {
                        answer = text;
                        answers++;
                        verdict = null;
                    }
                }
            }
            return new State(task, answer, answers, verdict);
        }

        private static boolean isThinker(String text) {
            return text.startsWith("Plan:") || ThinkerParser.extractTag(text, "suggested_role") != null;
        }
    }

    /** Two whole numbers and an operator, as found in a task. */
    private record Sum(long a, char op, long b) {

        static Sum in(String text) {
            Matcher m = SUM.matcher(text);
            if (!m.find()) {
                return null;
            }
            char op = m.group(2).charAt(0);
            return new Sum(Long.parseLong(m.group(1)), op == 'x' || op == '×' ? '*' : op, Long.parseLong(m.group(3)));
        }

        long value() {
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                default -> a * b;
            };
        }

        String text() {
            return a + " " + op + " " + b;
        }

        /** The result with one intermediate step: split the second number into its leading digit's part and rest. */
        String working() {
            long magnitude = Math.abs(b);
            long unit = 1;
            while (unit * 10 <= magnitude) {
                unit *= 10;
            }
            long lead = magnitude / unit * unit;
            long rest = magnitude - lead;
            if (unit == 1 || rest == 0) { // one digit, or a round number: split it in two halves instead
                lead = magnitude - magnitude / 2;
                rest = magnitude / 2;
            }
            long sign = b < 0 ? -1 : 1;
            return switch (op) {
                case '+' -> text() + " = " + a + " + " + sign * lead + " + " + sign * rest + " = " + (a + sign * lead)
                        + " + " + sign * rest + " = " + value();
                case '-' -> text() + " = " + a + " - " + sign * lead + " - " + sign * rest + " = " + (a - sign * lead)
                        + " - " + sign * rest + " = " + value();
                default -> text() + " = " + a + " * " + sign * lead + " + " + a + " * " + sign * rest + " = "
                        + a * sign * lead + " + " + a * sign * rest + " = " + value();
            };
        }
    }

    static String thinker(ChatRequest request) {
        State state = State.of(request.messages());
        Sum sum = Sum.in(state.task());
        if (state.answer() == null) {
            String plan = sum == null ? "Plan: the task is free text; a Worker answers it, then a Verifier checks it."
                    : "Plan: the task is arithmetic (" + sum.text() + "); a Worker computes it, then a Verifier "
                            + "recomputes it and checks that the answer gives what the task asks for.";
            return plan + "\n<suggestion>Answer the task.</suggestion>\n<suggested_role>solver</suggested_role>";
        }
        if (state.verdict() == null) {
            return "Plan: there is an answer nobody has checked yet.\n<suggestion>Check the latest answer against the "
                    + "task.</suggestion>\n<suggested_role>verifier</suggested_role>";
        }
        String diagnosis = state.verdict().diagnosis() == null ? "see the Verifier" : state.verdict().diagnosis();
        return "Plan: the Verifier asked for a revision (" + diagnosis + ").\n<suggestion>Revise the answer: "
                + diagnosis + "</suggestion>\n<suggested_role>solver</suggested_role>";
    }

    static String worker(ChatRequest request) {
        State state = State.of(request.messages());
        Sum sum = Sum.in(state.task());
        if (sum == null) {
            return ANSWER + "(the mock Worker has no model behind it and can only do arithmetic such as 17 * 24; "
                    + "it restates the task) " + state.task();
        }
        return ANSWER + (state.answers() == 0 ? sum.text() + " = " + sum.value() : sum.working()) + ".";
    }

    static String verifier(ChatRequest request) {
        State state = State.of(request.messages());
        Sum sum = Sum.in(state.task());
        if (sum == null) {
            return "ACCEPT: (mock check) there is a Worker answer; the mock Verifier cannot judge free text.";
        }
        String answer = state.answer() == null ? "" : state.answer();
        String result = answer.contains("=") ? answer.substring(answer.lastIndexOf('=') + 1).replaceAll("[^0-9-]", "")
                : "";
        if (!result.equals(String.valueOf(sum.value()))) {
            return "REVISE: the answer gives " + (result.isEmpty() ? "no result" : result) + ", but " + sum.text()
                    + " = " + sum.value() + ".";
        }
        boolean working = answer.indexOf('=') != answer.lastIndexOf('=');
        if (ASKS_FOR_WORKING.matcher(state.task()).find() && !working) {
            return "REVISE: " + sum.text() + " = " + sum.value() + " is right, but the task asks for the working "
                    + "and the answer shows none.";
        }
        return "ACCEPT: " + sum.text() + " = " + sum.value() + " (recomputed)" + (working
                ? "; the working is shown" : "") + ".";
    }
}
