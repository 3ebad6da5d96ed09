package io.focalscope.demo;

import java.util.Random;
import java.util.function.IntBinaryOperator;

/**
 * Draws the embedded demo: a Cityscapes-like street at 512 x 256 and logits that behave like a
 * trained network's. The model is confident and right inside large regions, unsure along
 * boundaries (where the class across the edge competes), weak on thin and rare classes, and
 * confidently wrong on a few regions: part of the sidewalk taken for road, the truck for a bus,
 * a patch of terrain for vegetation and the rider for a pedestrian. And the labels have an error,
 * as real annotations do: a patch of the red car is labelled road, where the network, saturated
 * as after long training, puts "car" 110 above "road": there p_t underflows in float32 and the
 * source post's own code gives an infinite loss.
 */
public final class DemoSceneGenerator {

    public static final int WIDTH = 512;
    public static final int HEIGHT = 256;
    public static final int CLASSES = 19;
    public static final int IGNORE = 255;

    // Cityscapes train ids
    static final int ROAD = 0, SIDEWALK = 1, BUILDING = 2, WALL = 3, FENCE = 4, POLE = 5, LIGHT = 6, SIGN = 7,
            VEGETATION = 8, TERRAIN = 9, SKY = 10, PERSON = 11, RIDER = 12, CAR = 13, TRUCK = 14, BUS = 15,
            TRAIN = 16, MOTORCYCLE = 17, BICYCLE = 18;

    private final Random rng;
    private final int[] labels = new int[WIDTH * HEIGHT];
    private final int[] rgb = new int[WIDTH * HEIGHT];

    private DemoSceneGenerator(long seed) {
        this.rng = new Random(seed);
    }

    public static DemoScene generate(long seed) {
        DemoSceneGenerator g = new DemoSceneGenerator(seed);
        g.drawLabels();
        float[] logits = g.logits();
        g.paint();
        g.mislabel(logits);
        return new DemoScene(WIDTH, HEIGHT, CLASSES, g.labels, logits, g.rgb);
    }

    // ---- the scene -------------------------------------------------------------------------

    private void drawLabels() {
        int horizon = 140;
        fill(SKY, (x, y) -> 1);
        // skyline: buildings of random width and height
        for (int x0 = 0; x0 < WIDTH; ) {
            int w = 30 + rng.nextInt(60);
            int top = 20 + rng.nextInt(70);
            int left = x0;
            fill(BUILDING, (x, y) -> x >= left && x < left + w && y >= top && y < horizon ? 1 : 0);
            x0 += w;
        }
        fill(WALL, (x, y) -> x >= 60 && x < 150 && y >= 118 && y < horizon ? 1 : 0);
        tree(20, 95, 34);
        tree(470, 90, 38);
        tree(505, 110, 30);
        // ground: road in perspective, sidewalks beside it, terrain on the left, a fence on the right
        fill(TERRAIN, (x, y) -> y >= horizon ? 1 : 0);
        fill(SIDEWALK, (x, y) -> y >= horizon && x > roadLeft(y) - 12 - 0.9 * (y - horizon)
                && x < roadRight(y) + 12 + 1.2 * (y - horizon) ? 1 : 0);
        fill(ROAD, (x, y) -> y >= horizon && x > roadLeft(y) && x < roadRight(y) ? 1 : 0);
        fill(FENCE, (x, y) -> x >= 400 && x < 512 && y >= 122 && y < 146 ? 1 : 0);
        // poles, with a sign and a traffic light
        fill(POLE, (x, y) -> (Math.abs(x - 180) <= 1 && y >= 40 && y < 152) || (Math.abs(x - 440) <= 1 && y >= 28 && y < 150)
                || (Math.abs(x - 35) <= 1 && y >= 60 && y < 170) ? 1 : 0);
        fill(SIGN, (x, y) -> x >= 172 && x < 189 && y >= 38 && y < 53 ? 1 : 0);
        fill(LIGHT, (x, y) -> x >= 435 && x < 446 && y >= 26 && y < 49 ? 1 : 0);
        // vehicles, far to near
        fill(TRAIN, (x, y) -> x >= 262 && x < 300 && y >= 120 && y < 136 ? 1 : 0);
        fill(TRUCK, (x, y) -> x >= 205 && x < 252 && y >= 112 && y < 150 ? 1 : 0);
        fill(BUS, (x, y) -> x >= 318 && x < 400 && y >= 96 && y < 152 ? 1 : 0);
        car(150, 148, 72, 36);
        car(298, 150, 46, 24);
        car(372, 158, 118, 58);
        fill(MOTORCYCLE, (x, y) -> ellipse(x, y, 282, 184, 11, 8) ? 1 : 0);
        // people: two pedestrians, a cyclist
        person(100, 150, 44);
        person(125, 158, 40);
        person(478, 152, 46);
        fill(BICYCLE, (x, y) -> ellipse(x, y, 62, 203, 17, 11) && !ellipse(x, y, 62, 203, 11, 6) ? 1 : 0);
        fill(RIDER, (x, y) -> ellipse(x, y, 62, 180, 7, 20) || ellipse(x, y, 62, 156, 5, 6) ? 1 : 0);
        // the ego vehicle's bonnet is not labelled, as in Cityscapes
        fill(IGNORE, (x, y) -> y > 238 + 16 * Math.pow((x - 256) / 256.0, 2) ? 1 : 0);
    }

    private static double roadLeft(int y) {
        return 246 - (y - 140) * 2.4;
    }

    private static double roadRight(int y) {
        return 268 + (y - 140) * 2.4;
    }

    private void tree(int cx, int cy, int r) {
        fill(VEGETATION, (x, y) -> ellipse(x, y, cx, cy, r, (int) (r * 1.1)) || (Math.abs(x - cx) <= 3 && y > cy && y < 145) ? 1 : 0);
    }

    private void car(int x0, int y0, int w, int h) {
        fill(CAR, (x, y) -> x >= x0 && x < x0 + w && y >= y0 + h / 3 && y < y0 + h
                || ellipse(x, y, x0 + w / 2, y0 + h / 3, (int) (w * 0.36), h / 3) ? 1 : 0);
    }

    private void person(int cx, int top, int h) {
        fill(PERSON, (x, y) -> ellipse(x, y, cx, top + h / 8, h / 10, h / 8)
                || ellipse(x, y, cx, top + h / 2, h / 7, h / 3) || (Math.abs(x - cx) < h / 12 + 2 && y > top + h / 2 && y < top + h) ? 1 : 0);
    }

    private static boolean ellipse(int x, int y, int cx, int cy, int rx, int ry) {
        double dx = (x - cx) / (double) rx;
        double dy = (y - cy) / (double) ry;
        return dx * dx + dy * dy <= 1;
    }

    private void fill(int label, IntBinaryOperator inside) {
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if (inside.applyAsInt(x, y) != 0) {
                    labels[y * WIDTH + x] = label;
                }
            }
        }
    }

    // ---- the model -------------------------------------------------------------------------

    private float[] logits() {
        int pixels = WIDTH * HEIGHT;
        float[] z = new float[CLASSES * pixels];
        float[] distance = DistanceTransform.toBoundary(labels, WIDTH, HEIGHT);
        double[] bias = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            bias[c] = rng.nextGaussian() * 0.5;
        }
        Field wobble = new Field(rng, 3, 40.0);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int p = y * WIDTH + x;
                for (int c = 0; c < CLASSES; c++) {
                    z[c * pixels + p] = (float) (bias[c] + rng.nextGaussian() * 0.8);
                }
                int truth = labels[p];
                if (truth == IGNORE) {
                    // under the bonnet the network sees its own car: it says "car" or "road"
                    z[CAR * pixels + p] += 4 + 2 * wobble.at(x, y);
                    z[ROAD * pixels + p] += 3;
                    continue;
                }
                double d = distance[p];
                double confidence = (2.0 + 6.5 * (1 - Math.exp(-d / 4.0))) * difficulty(truth) + 1.2 * wobble.at(x, y);
                z[truth * pixels + p] += (float) confidence;
                int across = classAcross(x, y, truth);
                if (across >= 0 && d < 6) {
                    z[across * pixels + p] += (float) (2.3 * Math.exp(-d / 3.0) + rng.nextGaussian() * 0.7);
                }
                int wrong = confidentlyWrong(x, y, truth);
                if (wrong >= 0) {
                    z[wrong * pixels + p] += (float) (confidence + 5.5 + wobble.at(x, y));
                }
            }
        }
        return z;
    }

    /** The annotation error: a patch of the red car labelled road, where the network is saturated on "car". */
    private void mislabel(float[] z) {
        int pixels = WIDTH * HEIGHT;
        for (int y = MISLABELLED_Y; y < MISLABELLED_Y + 8; y++) {
            for (int x = MISLABELLED_X; x < MISLABELLED_X + 18; x++) {
                int p = y * WIDTH + x;
                if (labels[p] == CAR) {
                    labels[p] = ROAD;
                    z[CAR * pixels + p] += 110;
                }
            }
        }
    }

    /** The top left corner of the mislabelled patch, inside the red car's body. */
    static final int MISLABELLED_X = 396;
    static final int MISLABELLED_Y = 188;

    /** Thin and rare classes are harder for a network: it is less sure of them. */
    private static double difficulty(int label) {
        return switch (label) {
            case POLE, SIGN, LIGHT -> 0.55;
            case TRAIN, MOTORCYCLE -> 0.35;
            case BICYCLE, RIDER, FENCE, WALL -> 0.7;
            default -> 1.0;
        };
    }

    /** Regions the network gets wrong with confidence: the classic confusions of street scenes. */
    private static int confidentlyWrong(int x, int y, int truth) {
        if (truth == SIDEWALK && x > 300 && x < 420 && y > 150 && y < 185) {
            return ROAD;
        }
        if (truth == TRUCK && y < 140) {
            return BUS;
        }
        if (truth == TERRAIN && ellipse(x, y, 40, 225, 40, 18)) {
            return VEGETATION;
        }
        if (truth == RIDER && y > 170) {
            return PERSON;
        }
        return -1;
    }

    /** The nearest other class within a few pixels, which a network confuses at an edge. */
    private int classAcross(int x, int y, int truth) {
        for (int r = 1; r <= 6; r++) {
            for (int[] d : new int[][] {{r, 0}, {-r, 0}, {0, r}, {0, -r}}) {
                int xx = x + d[0];
                int yy = y + d[1];
                if (xx >= 0 && xx < WIDTH && yy >= 0 && yy < HEIGHT) {
                    int other = labels[yy * WIDTH + xx];
                    if (other != truth && other != IGNORE) {
                        return other;
                    }
                }
            }
        }
        return -1;
    }

    // ---- the picture -----------------------------------------------------------------------

    private void paint() {
        Field grain = new Field(rng, 4, 6.0);
        Field cloud = new Field(rng, 3, 60.0);
        int[] carColours = {0xb02020, 0x2850a0, 0xb8b8c0};
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int p = y * WIDTH + x;
                double n = grain.at(x, y) * 0.5 + rng.nextGaussian() * 0.04;
                int colour = switch (labels[p]) {
                    case SKY -> mix(0x8ab4e0, 0xdde8f4, y / 120.0 + 0.25 * cloud.at(x, y));
                    case BUILDING -> (x / 9 + y / 12) % 3 == 0 && y % 12 > 4 && x % 9 > 2 ? 0x40485a
                            : mix(0x9a8f80, 0xc4b8a6, 0.5 + n);
                    case WALL -> mix(0x8c8a94, 0xa09ea8, 0.5 + n);
                    case FENCE -> x % 6 < 2 ? 0x7a6a5a : mix(0x6a7a5a, 0x8a9a6a, 0.5 + n);
                    case POLE -> 0x707478;
                    case SIGN -> 0xe0c020;
                    case LIGHT -> y < 37 ? 0xd03020 : 0x30c040;
                    case VEGETATION -> mix(0x2e5a1c, 0x6a9a3a, 0.5 + 1.6 * n);
                    case TERRAIN -> mix(0x7a8a4a, 0xa0a868, 0.5 + n);
                    case ROAD -> Math.abs(x - (roadLeft(y) + roadRight(y)) / 2) < 2 && (y / 8) % 2 == 0 ? 0xe8e8e0
                            : mix(0x45454a, 0x5c5c62, 0.5 + n);
                    case SIDEWALK -> mix(0x9a9290, 0xb8b0ae, 0.5 + n);
                    case PERSON -> y % 40 < 12 ? 0xd8b090 : mix(0x2a2a40, 0x404060, 0.5 + n);
                    case RIDER -> mix(0x903020, 0xb04030, 0.5 + n);
                    case BICYCLE, MOTORCYCLE -> 0x202020;
                    case CAR -> mix(carColours[(x / 120) % 3], 0x202020, y % 20 < 5 ? 0.5 : 0.1);
                    case TRUCK -> mix(0xd0d0c8, 0xa0a098, 0.5 + n);
                    case BUS -> y < 115 ? 0x304050 : mix(0xc0a020, 0xe0c040, 0.5 + n);
                    case TRAIN -> mix(0x606878, 0x8088a0, 0.5 + n);
                    default -> mix(0x303034, 0x48484c, 0.5 + n); // the bonnet
                };
                rgb[p] = colour;
            }
        }
    }

    private static int mix(int a, int b, double t) {
        double u = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - u) + ((b >> 16) & 0xff) * u);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - u) + ((b >> 8) & 0xff) * u);
        int bl = (int) Math.round((a & 0xff) * (1 - u) + (b & 0xff) * u);
        return (r << 16) | (g << 8) | bl;
    }

    /** Smooth noise in [-1, 1]: a sum of a few random plane waves of about the given wavelength. */
    private static final class Field {
        private final double[] kx;
        private final double[] ky;
        private final double[] phase;

        Field(Random rng, int waves, double wavelength) {
            kx = new double[waves];
            ky = new double[waves];
            phase = new double[waves];
            for (int i = 0; i < waves; i++) {
                double angle = rng.nextDouble() * Math.PI * 2;
                double k = 2 * Math.PI / (wavelength * (0.6 + 0.8 * rng.nextDouble()));
                kx[i] = k * Math.cos(angle);
                ky[i] = k * Math.sin(angle);
                phase[i] = rng.nextDouble() * Math.PI * 2;
            }
        }

        double at(int x, int y) {
            double s = 0;
            for (int i = 0; i < kx.length; i++) {
                s += Math.sin(kx[i] * x + ky[i] * y + phase[i]);
            }
            return s / kx.length;
        }
    }
}
