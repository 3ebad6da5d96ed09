package io.focalscope.spark;

import io.focalscope.dataset.DatasetFigures;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The per-image table of a scan as Parquet: the columns of scan --csv, for whoever analyses it further. */
final class ImageTable {

    static final StructType SCHEMA = new StructType()
            .add("rank", DataTypes.IntegerType).add("name", DataTypes.StringType).add("logits", DataTypes.StringType)
            .add("labels", DataTypes.StringType).add("pixels", DataTypes.LongType).add("ignored", DataTypes.LongType)
            .add("meanFocal", DataTypes.DoubleType).add("crossEntropy", DataTypes.DoubleType)
            .add("worstClass", DataTypes.IntegerType).add("worstClassShare", DataTypes.DoubleType);

    private ImageTable() {
    }

    static void write(SparkSession spark, DatasetFigures f, String uri) {
        List<Row> rows = new ArrayList<>();
        for (DatasetFigures.ImageRow r : f.perImage()) {
            rows.add(RowFactory.create(r.rank(), r.name(), r.files().logits(), r.files().labels(), r.pixels(), r.ignored(),
                    r.meanFocal(), r.crossEntropy(), r.worstClass(), r.worstClassShare()));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(uri);
    }
}
