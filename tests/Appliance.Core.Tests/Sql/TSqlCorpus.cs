namespace Appliance.Core.Tests.Sql;

/// <summary>
/// Real-world T-SQL (SQL Server) statements, written for these tests in the shapes the Transact-SQL reference uses.
/// Each entry starts with a line "-- @Kind" naming the statement kind the parser must report.
/// </summary>
internal static class TSqlCorpus
{
    public const string Text = """"
-- @Select
SELECT 1;
-- @Select
SELECT * FROM Production.Product ORDER BY Name ASC;
-- @Select
SELECT p.Name AS ProductName,
NonDiscountSales = (OrderQty * UnitPrice),
Discounts = ((OrderQty * UnitPrice) * UnitPriceDiscount)
FROM Production.Product AS p
INNER JOIN Sales.SalesOrderDetail AS sod
ON p.ProductID = sod.ProductID
ORDER BY ProductName DESC;
-- @Select
SELECT TOP 10 * FROM Sales.SalesOrderHeader ORDER BY TotalDue DESC;
-- @Select
SELECT TOP (5) PERCENT WITH TIES Name, ListPrice FROM Production.Product ORDER BY ListPrice DESC;
-- @Select
SELECT TOP (@n) Name FROM Production.Product;
-- @Select
SELECT DISTINCT TOP 3 JobTitle FROM HumanResources.Employee ORDER BY JobTitle;
-- @Select
SELECT Name, ListPrice FROM Production.Product ORDER BY ListPrice OFFSET 10 ROWS FETCH NEXT 10 ROWS ONLY;
-- @Select
SELECT DepartmentID, Name FROM HumanResources.Department ORDER BY DepartmentID OFFSET @StartingRowNumber - 1 ROWS FETCH NEXT @RowCountPerPage ROWS ONLY;
-- @Select
SELECT [order]]x], [Column With Spaces], [select], [dbo].[Table].[Col] FROM [dbo].[Table];
-- @Select
SELECT "QuotedName", [Bracketed], Plain FROM dbo.MixedNames;
-- @Select
SELECT * FROM Sales.SalesOrderHeader WITH (NOLOCK) WHERE OrderDate >= '20240101';
-- @Select
SELECT h.SalesOrderID, d.ProductID FROM Sales.SalesOrderHeader AS h WITH (NOLOCK, INDEX(IX_OrderDate)) JOIN Sales.SalesOrderDetail d WITH (READUNCOMMITTED) ON d.SalesOrderID = h.SalesOrderID;
-- @Select
SELECT d.Name, e.JobTitle
FROM HumanResources.Department AS d
CROSS APPLY dbo.GetEmployeesByDepartment(d.DepartmentID) AS e;
-- @Select
SELECT c.CustomerID, o.OrderID
FROM Sales.Customer c
OUTER APPLY (SELECT TOP 1 OrderID FROM Sales.SalesOrderHeader h WHERE h.CustomerID = c.CustomerID ORDER BY OrderDate DESC) o;
-- @Select
SELECT j.[key], j.[value] FROM OPENJSON(@json) AS j;
-- @Select
SELECT value FROM STRING_SPLIT('red,green,,blue', ',') WHERE RTRIM(value) <> '';
-- @Select
WITH DirectReports (ManagerID, EmployeeID, Title, EmployeeLevel) AS
(
    SELECT ManagerID, EmployeeID, Title, 0 AS EmployeeLevel
    FROM dbo.MyEmployees
    WHERE ManagerID IS NULL
    UNION ALL
    SELECT e.ManagerID, e.EmployeeID, e.Title, EmployeeLevel + 1
    FROM dbo.MyEmployees AS e
        INNER JOIN DirectReports AS d
        ON e.ManagerID = d.EmployeeID
)
SELECT ManagerID, EmployeeID, Title, EmployeeLevel
FROM DirectReports
ORDER BY ManagerID
OPTION (MAXRECURSION 3);
-- @Select
WITH Sales_CTE (SalesPersonID, SalesOrderID, SalesYear)
AS
(
    SELECT SalesPersonID, SalesOrderID, YEAR(OrderDate) AS SalesYear
    FROM Sales.SalesOrderHeader
    WHERE SalesPersonID IS NOT NULL
),
Sales_Quota_CTE (BusinessEntityID, SalesQuota, SalesQuotaYear)
AS
(
       SELECT BusinessEntityID, SUM(SalesQuota)AS SalesQuota, YEAR(QuotaDate) AS SalesQuotaYear
       FROM Sales.SalesPersonQuotaHistory
       GROUP BY BusinessEntityID, YEAR(QuotaDate)
)
SELECT SalesPersonID
  , SalesYear
  , FORMAT(TotalSales,'C','en-us') AS TotalSales
FROM Sales_CTE
JOIN Sales_Quota_CTE ON Sales_Quota_CTE.BusinessEntityID = Sales_CTE.SalesPersonID
                    AND Sales_CTE.SalesYear = Sales_Quota_CTE.SalesQuotaYear
ORDER BY SalesPersonID, SalesYear;
-- @Select
SELECT ROW_NUMBER() OVER(ORDER BY SalesYTD DESC) AS Row,
    FirstName, LastName, ROUND(SalesYTD,2,1) AS "Sales YTD"
FROM Sales.vSalesPerson
WHERE TerritoryName IS NOT NULL AND SalesYTD <> 0;
-- @Select
SELECT BusinessEntityID, TerritoryID
   ,DATEPART(yy,ModifiedDate) AS SalesYear
   ,CONVERT(VARCHAR(20),SalesYTD,1) AS  SalesYTD
   ,CONVERT(VARCHAR(20),AVG(SalesYTD) OVER (PARTITION BY TerritoryID
                                            ORDER BY DATEPART(yy,ModifiedDate)
                                           ),1) AS MovingAvg
   ,CONVERT(VARCHAR(20),SUM(SalesYTD) OVER (PARTITION BY TerritoryID
                                            ORDER BY DATEPART(yy,ModifiedDate)
                                            ROWS UNBOUNDED PRECEDING),1) AS CumulativeTotal
FROM Sales.SalesPerson
WHERE TerritoryID IS NULL OR TerritoryID < 5
ORDER BY TerritoryID,SalesYear;
-- @Select
SELECT ProductID, SUM(LineTotal) AS Total FROM Sales.SalesOrderDetail GROUP BY ROLLUP(ProductID) HAVING SUM(LineTotal) > 1000;
-- @Select
SELECT Region, Country, SUM(Sales) FROM dbo.SalesData GROUP BY CUBE (Region, Country);
-- @Select
SELECT Region, Country, SUM(Sales) FROM dbo.SalesData GROUP BY GROUPING SETS ((Region, Country), (Region), ());
-- @Select
SELECT ProductID FROM Production.Product INTERSECT SELECT ProductID FROM Production.WorkOrder;
-- @Select
SELECT ProductID FROM Production.Product EXCEPT SELECT ProductID FROM Production.WorkOrder;
-- @Select
SELECT a FROM t1 UNION ALL SELECT a FROM t2 UNION SELECT a FROM t3;
-- @Select
SELECT * INTO #TempOrders FROM Sales.SalesOrderHeader WHERE OrderDate > DATEADD(day, -30, GETDATE());
-- @Select
SELECT * FROM ##GlobalTemp t JOIN #LocalTemp l ON l.id = t.id;
-- @Select
SELECT @count = COUNT(*) FROM dbo.Users WHERE IsActive = 1;
-- @Select
SELECT * FROM @TableVariable WHERE id > @minId;
-- @Select
SELECT CAST(OrderDate AS date), CONVERT(varchar(10), OrderDate, 120), TRY_CAST('abc' AS int), TRY_CONVERT(decimal(10, 2), '1.5'), CONVERT(nvarchar(max), Notes) FROM Sales.Orders;
-- @Select
SELECT IIF(Quantity > 10, 'bulk', 'single'), ISNULL(Color, 'n/a'), COALESCE(Size, Color, 'none'), NULLIF(Weight, 0), CHOOSE(2, 'a', 'b') FROM Production.Product;
-- @Select
SELECT CASE WHEN ListPrice = 0 THEN 'Mfg item - not for resale' WHEN ListPrice < 50 THEN 'Under $50' ELSE 'Over $1000' END AS PriceRange FROM Production.Product;
-- @Select
SELECT N'Unicode ñ text', 'It''s', 0x0A1B, 1.5e3, $action FROM t;
-- @Select
SELECT LEFT(Name, 3), RIGHT(Name, 2), LEN(Name), CHARINDEX('a', Name), SUBSTRING(Name, 2, 3), STUFF(Name, 1, 2, 'xy'), REPLACE(Name, 'a', 'b') FROM Production.Product;
-- @Select
SELECT STRING_AGG(Name, ', ') WITHIN GROUP (ORDER BY Name ASC) AS Names FROM Production.ProductCategory;
-- @Select
SELECT DATEDIFF(day, StartDate, EndDate), DATEADD(month, 1, GETDATE()), EOMONTH(GETDATE()), SYSDATETIME(), CURRENT_TIMESTAMP FROM dbo.Projects;
-- @Select
SELECT OrderDate AT TIME ZONE 'Pacific Standard Time' AT TIME ZONE 'UTC' FROM Sales.Orders;
-- @Select
SELECT Name FROM Production.Product WHERE ProductID IN (SELECT ProductID FROM Sales.SpecialOfferProduct WHERE SpecialOfferID = 2);
-- @Select
SELECT Name FROM Production.Product p WHERE EXISTS (SELECT * FROM Production.ProductSubcategory s WHERE s.ProductSubcategoryID = p.ProductSubcategoryID AND s.Name = 'Wheels');
-- @Select
SELECT Name FROM Production.Product WHERE ListPrice >= ANY (SELECT MAX (ListPrice) FROM Production.Product GROUP BY ProductSubcategoryID);
-- @Select
SELECT * FROM dbo.Docs WHERE Title LIKE N'%[0-9]%' ESCAPE '!' AND Body NOT LIKE '%draft%';
-- @Select
SELECT * FROM t WHERE a !< 5 AND b !> 10 AND c != 3;
-- @Select
SELECT * FROM OPENQUERY(LinkedServer, 'SELECT * FROM remote_table');
-- @Select
SELECT * FROM OPENROWSET(BULK 'C:\data\file.csv', SINGLE_CLOB) AS f;
-- @Select
SELECT name, object_id FROM sys.tables WHERE is_ms_shipped = 0 ORDER BY name;
-- @Select
SELECT * FROM master..sysdatabases;
-- @Select
SELECT * FROM Server1.AdventureWorks.Sales.Customer;
-- @Select
SELECT @@ROWCOUNT, @@VERSION, @@SPID, SCOPE_IDENTITY(), NEWID(), SUSER_SNAME();
-- @Select
SELECT o.OrderID, (SELECT COUNT(*) FROM Sales.OrderLines l WHERE l.OrderID = o.OrderID) AS LineCount FROM Sales.Orders o;
-- @Select
SELECT id, name FROM dbo.Users FOR JSON PATH, ROOT('users');
-- @Select
SELECT id, name FROM dbo.Users FOR XML PATH('user'), ROOT('users'), TYPE;
-- @Select
SELECT TOP (1) WITH TIES Name, Score FROM dbo.Leaderboard ORDER BY Score DESC;
-- @Select
SELECT Name, ListPrice, LAG(ListPrice, 1, 0) OVER (ORDER BY ListPrice) AS PrevPrice, FIRST_VALUE(Name) OVER (PARTITION BY Color ORDER BY ListPrice ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM Production.Product;
-- @Select
SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Rate) OVER (PARTITION BY Name) AS MedianCont FROM dbo.DimEmployee;
-- @Select
SELECT Größe, [Straße], Ünïcödé FROM dbo.Adressen;
-- @Select
/* header */ SELECT a, -- first
  b /* second */ FROM /* where */ t -- done
;
-- @Select
SELECT x.value('(/root/a)[1]', 'int') AS a FROM dbo.XmlData x;
-- @Select
SELECT * FROM dbo.Orders o LEFT JOIN dbo.Customers c ON c.Id = o.CustomerId RIGHT OUTER JOIN dbo.Regions r ON r.Id = c.RegionId FULL OUTER JOIN dbo.Zones z ON z.Id = r.ZoneId;
-- @Select
SELECT SUSER_NAME() AS login, DB_NAME() AS db, OBJECT_ID('dbo.Users') AS oid;
-- @Select
SELECT a % 3, a & 1, a | 2, a ^ 3, ~a, -a, +a FROM t;
-- @Insert
INSERT INTO Production.UnitMeasure VALUES (N'FT', N'Feet', '20080414');
-- @Insert
INSERT INTO Production.UnitMeasure (Name, UnitMeasureCode, ModifiedDate)
VALUES (N'Square Yards', N'Y2', GETDATE()), (N'Square Feet ', N'Y3', GETDATE());
-- @Insert
INSERT INTO dbo.EmployeeSales
    SELECT 'SELECT', sp.BusinessEntityID, c.LastName, sp.SalesYTD
    FROM Sales.SalesPerson AS sp
    INNER JOIN Person.Person AS c
        ON sp.BusinessEntityID = c.BusinessEntityID
    WHERE sp.BusinessEntityID LIKE '2%'
    ORDER BY sp.BusinessEntityID, c.LastName;
-- @Insert
INSERT TOP(5) INTO dbo.EmployeeSales OUTPUT inserted.EmployeeID, inserted.FirstName INTO @MyTableVar SELECT sp.BusinessEntityID, c.LastName FROM Sales.SalesPerson AS sp;
-- @Insert
INSERT INTO dbo.T1 DEFAULT VALUES;
-- @Insert
INSERT INTO #Results (Id, Total) EXEC dbo.usp_GetTotals @Year = 2024;
-- @Insert
INSERT dbo.Logs (Message) OUTPUT INSERTED.Id VALUES (@msg);
-- @Update
UPDATE Production.Product SET ListPrice = ListPrice * 2 WHERE ProductID = 1;
-- @Update
UPDATE TOP (10) HumanResources.Employee SET VacationHours = VacationHours * 1.25, ModifiedDate = GETDATE() OUTPUT inserted.BusinessEntityID, deleted.VacationHours, inserted.VacationHours INTO @MyTableVar;
-- @Update
UPDATE sp SET sp.SalesYTD = sp.SalesYTD + so.SubTotal
FROM Sales.SalesPerson AS sp
JOIN Sales.SalesOrderHeader AS so ON sp.BusinessEntityID = so.SalesPersonID
WHERE so.OrderDate = (SELECT MAX(OrderDate) FROM Sales.SalesOrderHeader WHERE SalesPersonID = sp.BusinessEntityID);
-- @Update
UPDATE dbo.Counters SET Value += 1, Hits -= @n WHERE Name = @name;
-- @Delete
DELETE FROM Sales.SalesPersonQuotaHistory WHERE BusinessEntityID IN (SELECT BusinessEntityID FROM Sales.SalesPerson WHERE SalesYTD > 2500000.00);
-- @Delete
DELETE FROM Sales.SalesPersonQuotaHistory
FROM Sales.SalesPersonQuotaHistory AS spqh
INNER JOIN Sales.SalesPerson AS sp ON spqh.BusinessEntityID = sp.BusinessEntityID
WHERE sp.SalesYTD > 2500000.00;
-- @Delete
DELETE TOP (20) FROM Purchasing.PurchaseOrderDetail WHERE DueDate < '20020701';
-- @Delete
DELETE spqh FROM Sales.SalesPersonQuotaHistory AS spqh WHERE spqh.QuotaDate < '2010-01-01';
-- @Delete
DELETE Sales.ShoppingCartItem OUTPUT DELETED.* WHERE ShoppingCartID = 20621;
-- @Merge
MERGE Production.UnitMeasure AS tgt
USING (SELECT @UnitMeasureCode, @Name) AS src (UnitMeasureCode, Name)
ON (tgt.UnitMeasureCode = src.UnitMeasureCode)
WHEN MATCHED THEN
    UPDATE SET Name = src.Name
WHEN NOT MATCHED THEN
    INSERT (UnitMeasureCode, Name)
    VALUES (src.UnitMeasureCode, src.Name)
OUTPUT deleted.*, $action, inserted.* INTO #MyTempTable;
-- @Merge
MERGE INTO dbo.Target WITH (HOLDLOCK) AS t
USING dbo.Source AS s ON t.Id = s.Id
WHEN MATCHED AND s.Deleted = 1 THEN DELETE
WHEN NOT MATCHED BY TARGET THEN INSERT (Id, Val) VALUES (s.Id, s.Val)
WHEN NOT MATCHED BY SOURCE THEN DELETE;
-- @Create
CREATE TABLE dbo.Orders (
    OrderID int IDENTITY(1,1) NOT NULL PRIMARY KEY CLUSTERED,
    CustomerID nchar(5) NULL,
    OrderDate datetime2(3) NOT NULL CONSTRAINT DF_Orders_Date DEFAULT (SYSUTCDATETIME()),
    Total AS (Quantity * UnitPrice) PERSISTED,
    Notes nvarchar(max)
) ON [PRIMARY];
-- @Create
CREATE NONCLUSTERED INDEX IX_Orders_CustomerID ON dbo.Orders (CustomerID) INCLUDE (OrderDate, Total) WHERE CustomerID IS NOT NULL WITH (ONLINE = ON);
-- @Create
CREATE VIEW dbo.vActiveUsers WITH SCHEMABINDING AS SELECT Id, Name FROM dbo.Users WHERE IsActive = 1;
-- @Create
CREATE OR ALTER VIEW Sales.vTopCustomers AS
SELECT TOP (100) c.CustomerID, SUM(o.Total) AS Total
FROM Sales.Customers c JOIN Sales.Orders o ON o.CustomerID = c.CustomerID
GROUP BY c.CustomerID
ORDER BY Total DESC;
-- @Create
CREATE PROCEDURE HumanResources.uspGetEmployeesTest2
    @LastName nvarchar(50),
    @FirstName nvarchar(50)
AS
    SET NOCOUNT ON;
    SELECT FirstName, LastName, Department
    FROM HumanResources.vEmployeeDepartmentHistory
    WHERE FirstName = @FirstName AND LastName = @LastName
    AND EndDate IS NULL;
-- @Create
CREATE OR ALTER FUNCTION dbo.ufnGetStock(@ProductID int)
RETURNS int
AS
BEGIN
    DECLARE @ret int;
    SELECT @ret = SUM(p.Quantity)
    FROM Production.ProductInventory p
    WHERE p.ProductID = @ProductID AND p.LocationID = '6';
    IF (@ret IS NULL)
        SET @ret = 0;
    RETURN @ret;
END;
-- @Create
CREATE TRIGGER reminder1 ON Sales.Customer AFTER INSERT, UPDATE AS RAISERROR ('Notify Customer Relations', 16, 10);
-- @Create
CREATE SCHEMA Sprockets AUTHORIZATION Annik;
-- @Create
CREATE SEQUENCE Test.CountBy1 START WITH 1 INCREMENT BY 1;
-- @Create
CREATE TYPE dbo.IdList AS TABLE (Id int PRIMARY KEY);
-- @Create
CREATE DATABASE Sales ON (NAME = Sales_dat, FILENAME = 'C:\data\saledat.mdf', SIZE = 10);
-- @Alter
ALTER TABLE dbo.Orders ADD ShippedDate datetime2 NULL;
-- @Alter
ALTER TABLE dbo.Orders WITH CHECK ADD CONSTRAINT FK_Orders_Customers FOREIGN KEY (CustomerID) REFERENCES dbo.Customers (CustomerID);
-- @Alter
ALTER INDEX ALL ON Production.Product REBUILD WITH (FILLFACTOR = 80);
-- @Alter
ALTER DATABASE Sales SET READ_COMMITTED_SNAPSHOT ON;
-- @Drop
DROP TABLE IF EXISTS dbo.Staging;
-- @Drop
DROP INDEX IX_Orders_CustomerID ON dbo.Orders;
-- @Drop
DROP PROCEDURE IF EXISTS dbo.usp_Old, dbo.usp_Older;
-- @Truncate
TRUNCATE TABLE dbo.Staging;
-- @Grant
GRANT SELECT ON OBJECT::Person.Address TO RosaQdM;
-- @Grant
GRANT EXECUTE ON SCHEMA::Sales TO SalesRole;
-- @Revoke
REVOKE SELECT ON dbo.Users FROM Guest;
-- @Revoke
DENY DELETE ON dbo.Orders TO Auditors;
-- @Copy
BULK INSERT dbo.Imports FROM 'C:\data\imports.csv' WITH (FIELDTERMINATOR = ',', ROWTERMINATOR = '\n', FIRSTROW = 2);
-- @Call
EXEC dbo.uspGetEmployees @LastName = N'Ackerman', @FirstName = N'Pilar';
-- @Call
EXECUTE @rc = dbo.uspCheck @Id = 5;
-- @Call
EXEC sp_executesql N'SELECT * FROM dbo.Users WHERE Id = @id', N'@id int', @id = 7;
-- @Call
EXEC ('SELECT 1');
-- @Set
SET NOCOUNT ON;
-- @Set
SET @StartDate = DATEADD(day, -7, GETDATE());
-- @Set
SET IDENTITY_INSERT dbo.Orders ON;
-- @Transaction
SET TRANSACTION ISOLATION LEVEL SNAPSHOT;
-- @Transaction
BEGIN TRANSACTION UpdatePrices;
-- @Transaction
BEGIN TRAN;
-- @Transaction
COMMIT TRANSACTION;
-- @Transaction
ROLLBACK TRAN;
-- @Transaction
SAVE TRANSACTION BeforeDelete;
-- @Use
USE AdventureWorks2022;
-- @Declare
DECLARE @MyTableVar TABLE (EmpID int NOT NULL, OldVacationHours int, NewVacationHours int);
-- @Declare
DECLARE @Total money = (SELECT SUM(Total) FROM dbo.Orders), @Count int = 0;
-- @Declare
DECLARE vend_cursor CURSOR FOR SELECT * FROM Purchasing.Vendor WHERE CreditRating = 1;
-- @Other
PRINT 'Done';
-- @Other
IF OBJECT_ID('dbo.Staging', 'U') IS NOT NULL DROP TABLE dbo.Staging;
-- @Other
WAITFOR DELAY '00:00:05';
-- @Other
THROW 51000, 'The record does not exist.', 1;
-- @Other
DBCC CHECKDB (AdventureWorks2022) WITH NO_INFOMSGS;
"""";
}
